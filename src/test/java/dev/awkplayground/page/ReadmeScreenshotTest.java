package dev.awkplayground.page;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import dev.awkplayground.PlaygroundTestBase.Settings;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * README's picture of the page, docs/playground.png, is taken here: the service with the settings a user gets
 * (application.yaml alone), the red badge and {@code system("id")} run. The PNG carries the page's text as it was
 * taken; when the page's text changes (a limit, a label, an example) and the picture was not taken again, this test
 * fails, so the picture cannot drift. {@code scripts/screenshot.sh} takes it again.
 */
@ServerTest
// A fixed slot count: by default it is twice the CPU count, which would make the picture depend on the machine.
@Settings(value = "playground.limits.concurrent-runs=4", testProfile = false)
class ReadmeScreenshotTest extends PageTestSupport {
    static final Path PICTURE = Path.of("docs", "playground.png");
    private static final String TEXT_KEY = "page-text";
    private static final String PNG_FORMAT = "javax_imageio_png_1.0";

    ReadmeScreenshotTest(URI server) {
        super(server);
    }

    @Test
    void docsPlaygroundPngShowsThePageAsItIs() throws IOException {
        browser.loadExample("Run a command: system(\"id\")");
        browser.run();
        assertThat(browser.text("output"), containsString("uid="));
        assertThat(browser.text("limits"), containsString("time 5 s"));
        Path taken = browser.screenshot("readme-playground");
        String text = pageText();

        if (Boolean.getBoolean("page.update-screenshot")) {
            writeWithText(taken, PICTURE, text);
        }
        assertThat("docs/playground.png was taken of a page whose text differs from today's; "
                + "take it again with scripts/screenshot.sh", textOf(PICTURE), is(text));
    }

    /**
     * What the picture shows in words: the page's visible text and the fields' values, leaving out what changes from
     * run to run (the output, which names the machine's user, and the duration). Taken after the picture, since it
     * blanks those two.
     */
    private static String pageText() {
        return (String) browser.script("""
                for (const id of ['output', 'status']) document.getElementById(id).textContent = '';
                const fields = ['script', 'input', 'fs', 'vars']
                    .map(id => id + ': ' + document.getElementById(id).value);
                return [...fields, ...document.body.innerText.split('\\n')]
                    .map(line => line.trim()).filter(line => line).join('\\n');
                """);
    }

    private static void writeWithText(Path screenshot, Path target, String text) throws IOException {
        var image = ImageIO.read(screenshot.toFile());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
                writer.getDefaultWriteParam());
        IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
        entry.setAttribute("keyword", TEXT_KEY);
        entry.setAttribute("compressionFlag", "TRUE");
        entry.setAttribute("compressionMethod", "0");
        entry.setAttribute("languageTag", "");
        entry.setAttribute("translatedKeyword", "");
        entry.setAttribute("text", text);
        IIOMetadataNode itxt = new IIOMetadataNode("iTXt");
        itxt.appendChild(entry);
        IIOMetadataNode root = new IIOMetadataNode(PNG_FORMAT);
        root.appendChild(itxt);
        metadata.mergeTree(PNG_FORMAT, root);
        Files.deleteIfExists(target);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(target.toFile())) {
            writer.setOutput(out);
            writer.write(new IIOImage(image, null, metadata));
        } finally {
            writer.dispose();
        }
    }

    /** The page text stored in a PNG by {@link #writeWithText}, or "" when there is none. */
    private static String textOf(Path png) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
            reader.setInput(in);
            Node root = reader.getImageMetadata(0).getAsTree(PNG_FORMAT);
            for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
                for (Node entry = chunk.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                    if ("iTXtEntry".equals(entry.getNodeName())
                            && TEXT_KEY.equals(((IIOMetadataNode) entry).getAttribute("keyword"))) {
                        return ((IIOMetadataNode) entry).getAttribute("text");
                    }
                }
            }
            return "";
        } finally {
            reader.dispose();
        }
    }
}
