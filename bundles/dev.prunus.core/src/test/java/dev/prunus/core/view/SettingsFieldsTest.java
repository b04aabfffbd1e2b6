package dev.prunus.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.prunus.core.parts.Part;
import dev.prunus.core.parts.PartCatalogue;
import dev.prunus.core.settings.PrunusSettings;

/** The field rules the wizard and the Pruning form share. */
class SettingsFieldsTest {

    private static SettingsFields.Values values(String loss, String calibration, String ratio) {
        return new SettingsFields.Values("STM32F401RE", "filterlet", "448", "80", loss, ratio, calibration, "", "",
                "0", "");
    }

    @Test
    void aLossCapWithoutRecordsIsRejected() {
        PrunusSettings base = PrunusSettings.defaults("demo.tflite");
        SettingsFields.Result r = SettingsFields.apply(base, values("1.0", "", "0.5"));
        assertFalse(r.ok());
        assertEquals("maxLossPercent", r.field());
        assertTrue(r.error().contains("calibration"), r.error());
        assertTrue(SettingsFields.apply(base, values("", "", "0.5")).ok(), "no cap: fine");
        assertTrue(SettingsFields.apply(base, values("1.0", "cal.s8", "0.5")).ok(), "with records: fine");
    }

    @Test
    void textsRoundTripThroughSettings() {
        PrunusSettings base = PrunusSettings.defaults("demo.tflite");
        SettingsFields.Result r = SettingsFields.apply(base, values("2.5", "cal.s8", "0.5"));
        assertTrue(r.ok(), r.error());
        PrunusSettings s = r.settings();
        assertEquals("m4", s.target().core());
        assertEquals(84_000_000L, s.target().clockHz());
        assertEquals(448 * 1024L, s.budget().flashBytes());
        assertEquals(2.5, s.budget().maxLossPercent());
        assertEquals(0.5, s.ratio());
        assertNull(s.fineTune());
        SettingsFields.Values back = SettingsFields.of(s);
        assertEquals("STM32F401RE", back.part());
        assertEquals("448", back.flashKib());
        assertEquals("0.5", back.ratio());
        assertEquals("cal.s8", back.calibration());
        assertFalse(SettingsFields.apply(base, values("", "", "0,5")).ok(), "a comma is not a decimal point");
        assertEquals("ratio", SettingsFields.apply(base, values("", "", "0,5")).field());
    }

    @Test
    void budgetsDefaultToWhatIsLeftOnThePart() {
        Part h7 = PartCatalogue.get().byName("STM32H743ZI").orElseThrow();
        SettingsFields.Values v = SettingsFields.withPartBudget(values("", "", ""), h7);
        assertEquals(String.valueOf(2048 - 64), v.flashKib());
        assertEquals(String.valueOf(1024 - 16), v.ramKib());
    }
}
