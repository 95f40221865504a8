using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Investment.Api.Features.Bulletins;

/// <summary>
/// The bulletin as a Word document laid out like a bureau's own papers (GB/T 9704 公文 conventions): A4 with the 公文
/// margins, the title in a bold Song face 二号 centred, headings 黑体 三号, body 宋体 三号 with a two-character
/// first-line indent at a fixed 28-point line, page numbers "— 1 —" at the foot. The fonts are named by their Windows
/// names (SimSun, SimHei), which every office machine has and which fontconfig aliases to a serif and a sans CJK face
/// (Noto CJK) on Linux; the 公文 faces (方正小标宋, 仿宋_GB2312) are not, and fall back to a sans face there.
/// </summary>
public static class BulletinDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private const string TitleFont = "SimSun";
    private const string HeadingFont = "SimHei";
    private const string BodyFont = "SimSun";
    private const string NoteFont = "SimSun";

    // Half-points: 二号 22pt, 三号 16pt.
    private const string TitleSize = "44";
    private const string BodySize = "32";

    // Twentieths of a point: 28pt exact lines, and a two-character (2 × 16pt) first-line indent.
    private const string LineTwips = "560";
    private const string IndentTwips = "640";

    public static byte[] Write(BulletinResponse bulletin)
    {
        // The SDK wants a seekable stream; a bulletin is a few kilobytes.
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(PageNumber());
            var footerId = main.GetIdOfPart(footer);

            var body = new Body();
            body.Append(Line(bulletin.Title, TitleFont, TitleSize, JustificationValues.Center, bold: true, indent: false));
            body.Append(Line(string.Create(CultureInfo.InvariantCulture,
                    $"{bulletin.Issuer}　　数据截至{bulletin.AsOf.Year}年{bulletin.AsOf.Month}月{bulletin.AsOf.Day}日"),
                NoteFont, BodySize, JustificationValues.Center, bold: false, indent: false));
            body.Append(Line("", BodyFont, BodySize, JustificationValues.Left, bold: false, indent: false));
            foreach (var paragraph in bulletin.Paragraphs)
            {
                if (paragraph.Key != "noData")
                {
                    body.Append(Line(paragraph.Heading, HeadingFont, BodySize, JustificationValues.Left, bold: false, indent: true));
                }
                foreach (var sentence in paragraph.Sentences)
                {
                    body.Append(Line(sentence.Text, BodyFont, BodySize, JustificationValues.Both, bold: false, indent: true));
                }
            }
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
                // A4 with the 公文 margins: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Paragraph Line(string text, string font, string size, JustificationValues justification, bool bold, bool indent)
    {
        var properties = new ParagraphProperties(
            new SpacingBetweenLines { Line = LineTwips, LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
            indent ? new Indentation { FirstLine = IndentTwips } : new Indentation(),
            new Justification { Val = justification });
        return new Paragraph(properties, new Run(RunProperties(font, size, bold), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static RunProperties RunProperties(string font, string size, bool bold)
    {
        // Children in the schema's order (rFonts, b, sz, szCs, lang), or Word calls the file damaged.
        var properties = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font });
        if (bold)
        {
            properties.Append(new Bold());
        }
        properties.Append(
            new FontSize { Val = size },
            new FontSizeComplexScript { Val = size },
            // Chinese, so a viewer substituting a font takes the Simplified Chinese glyphs, not the Japanese ones.
            new Languages { EastAsia = "zh-CN" });
        return properties;
    }

    /// <summary>"— 1 —" centred, in 宋体 四号 as 公文 page numbers are.</summary>
    private static Paragraph PageNumber() => new(
        new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
        new Run(RunProperties(BodyFont, "28", false), new Text("— ") { Space = SpaceProcessingModeValues.Preserve }),
        new SimpleField(new Run(RunProperties(BodyFont, "28", false), new Text("1"))) { Instruction = " PAGE " },
        new Run(RunProperties(BodyFont, "28", false), new Text(" —") { Space = SpaceProcessingModeValues.Preserve }));
}
