package dev.prunus.core.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class PartCatalogueTest {

    @Test
    void catalogueCoversTheFamilies() {
        PartCatalogue c = PartCatalogue.get();
        assertTrue(c.parts().size() >= 20, "at least 20 parts: " + c.parts().size());
        Set<String> families = c.parts().stream().map(Part::family).collect(Collectors.toSet());
        assertTrue(families.containsAll(Set.of("F4", "F7", "G4", "H7", "L4", "U5", "N6")), families.toString());
        for (Part p : c.parts()) {
            assertTrue(p.clockMHz() > 0 && p.ramKib() > 0 && p.flashKib() >= 0, p.toString());
            assertTrue(Set.of("m4", "m7").contains(p.costModel()), p.toString());
        }
        Part f401 = c.byName("stm32f401re").orElseThrow();
        assertEquals(512 * 1024L, f401.flashBytes());
        assertEquals(96 * 1024L, f401.ramBytes());
        assertEquals(84_000_000L, f401.clockHz());
        assertEquals("Cortex-M4", f401.core());
    }

    @Test
    void partComesFromTheIocFile() {
        String ioc = "#MicroXplorer Configuration settings - do not modify\nMcu.Family=STM32F4\n"
                + "Mcu.Name=STM32F401R(D-E)Tx\nMcu.UserName=STM32F401RETx\nProjectManager.ProjectName=demo\n";
        assertEquals("STM32F401RETx", PartCatalogue.iocUserName(ioc).orElseThrow());
        assertEquals("STM32F401RE", PartCatalogue.get().fromIoc(ioc).orElseThrow().name());
        assertEquals("STM32H743ZI", PartCatalogue.get().match("STM32H743ZITx").orElseThrow().name());
        assertTrue(PartCatalogue.get().fromIoc("Mcu.UserName=STM32C011F4Px\n").isEmpty(), "unknown: not guessed");
        assertTrue(PartCatalogue.get().fromIoc("Mcu.Family=STM32F4\n").isEmpty());
    }

    @Test
    void budgetsLeaveTheApplicationItsShare() {
        Part f401 = PartCatalogue.get().byName("STM32F401RE").orElseThrow();
        assertEquals((512 - 64) * 1024L, f401.flashLeftBytes());
        assertEquals((96 - 16) * 1024L, f401.ramLeftBytes());
        Part g431 = PartCatalogue.get().byName("STM32G431KB").orElseThrow();
        assertEquals(96 * 1024L, g431.flashLeftBytes(), "a quarter at most on small parts");
        assertEquals(null, PartCatalogue.get().byName("STM32N657X0").orElseThrow().flashLeftBytes(),
                "no internal flash: no flash limit");
    }
}
