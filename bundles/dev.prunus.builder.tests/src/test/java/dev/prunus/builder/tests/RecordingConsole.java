package dev.prunus.builder.tests;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import dev.prunus.builder.PrunusNature;
import dev.prunus.builder.console.PrunusConsole;

/** A console service that records lines; registered with top ranking so the builder picks it over any other. */
final class RecordingConsole implements PrunusConsole {

    final List<String> infos = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    private ServiceRegistration<PrunusConsole> registration;

    static RecordingConsole register() {
        RecordingConsole console = new RecordingConsole();
        BundleContext context = FrameworkUtil.getBundle(PrunusNature.class).getBundleContext();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        console.registration = context.registerService(PrunusConsole.class, console, properties);
        return console;
    }

    void unregister() {
        registration.unregister();
    }

    @Override
    public synchronized void info(String line) {
        infos.add(line);
    }

    @Override
    public synchronized void error(String line) {
        errors.add(line);
    }

    synchronized List<String> generated() {
        return infos.stream().filter(l -> l.contains(": generated from ")).toList();
    }

    synchronized void clear() {
        infos.clear();
        errors.clear();
    }
}
