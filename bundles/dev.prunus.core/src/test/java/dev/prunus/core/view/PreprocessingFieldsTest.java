package dev.prunus.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;

/** The Pruning form's preprocessing fields: texts to the settings file's "preprocessing" section and back. */
class PreprocessingFieldsTest {

    private static final PrunusSettings BASE = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.5);

    private static PreprocessingFields.Values values(String scale, String offset, String mean, String std,
            String channels, String rawType) {
        return new PreprocessingFields.Values(scale, offset, mean, std, channels, rawType);
    }

    @Test
    void theFilesSectionShowsAndAnUntouchedFormWritesItBack() {
        String text = "{\"schema\": 1, \"model\": \"demo.tflite\", \"preprocessing\": {\"scale\": 0.00392156862745098,"
                + " \"mean\": [0.485, 0.456, 0.406], \"std\": 0.25, \"channels\": \"bgr\", \"npzInputs\": \"images\"}}";
        PrunusSettings file = SettingsIO.read(text);
        PreprocessingFields.Values shown = PreprocessingFields.of(file);
        assertEquals(values("0.00392156862745098", "", "0.485, 0.456, 0.406", "0.25", "bgr", ""), shown);
        SettingsFields.Result r = PreprocessingFields.apply(file, shown);
        assertTrue(r.ok(), r.error());
        assertEquals(file.preprocessing(), r.settings().preprocessing(), "the npz key, not in the form, stays");
        assertEquals(r.settings(), SettingsIO.read(SettingsIO.write(r.settings())), "what the form writes reads back");
    }

    @Test
    void fieldsBecomeTheSectionAndEmptyFieldsRemoveIt() {
        SettingsFields.Result r = PreprocessingFields.apply(BASE, values("1", "-0.5", "0.5", "0.25, 0.5, 1", "",
                "uint8"));
        assertTrue(r.ok(), r.error());
        assertEquals(new Preprocessing(1.0, -0.5, List.of(0.5), List.of(0.25, 0.5, 1.0), null, "uint8", null, null),
                r.settings().preprocessing());
        assertNull(PreprocessingFields.apply(r.settings(), values("", "", "", "", "", "")).settings().preprocessing(),
                "all empty: inferred from the model, no section");
        assertEquals(values("", "", "", "", "", ""), PreprocessingFields.of(BASE));
    }

    @Test
    void eachMistakeNamesItsFieldAndTheFix() {
        assertEquals("scale", PreprocessingFields.apply(BASE, values("0", "", "", "", "", "")).field());
        assertTrue(PreprocessingFields.apply(BASE, values("0", "", "", "", "", "")).error()
                .startsWith("The scale must not be 0"));
        assertEquals("scale", PreprocessingFields.apply(BASE, values("1/255", "", "", "", "", "")).field());
        assertEquals("offset", PreprocessingFields.apply(BASE, values("", "NaN", "", "", "", "")).field());
        assertEquals("mean", PreprocessingFields.apply(BASE, values("", "", "0.4,,0.5", "", "", "")).field());
        SettingsFields.Result std = PreprocessingFields.apply(BASE, values("", "", "", "0.2, 0", "", ""));
        assertEquals("std", std.field());
        assertEquals("The std must be one number above 0 or one per channel separated by commas, e.g. 0.229, 0.224, "
                + "0.225, or empty for 1.", std.error());
        assertEquals("channels", PreprocessingFields.apply(BASE, values("", "", "", "", "RGB", "")).field());
        assertEquals("rawType", PreprocessingFields.apply(BASE, values("", "", "", "", "", "int16")).field());
    }
}
