using System.Text;

namespace Investment.Api.Features.Bulletins;

/// <summary>
/// One number a sentence states. <c>label</c> is how the sentence writes it ("61.5亿元", "103.6%", "第一");
/// <c>value</c> the number itself in <c>unit</c> (万元, ratio, count, rank, or a quantity's unit); <c>source</c> the
/// API request that answers it and <c>path</c> where in that answer: property names joined by dots, an array element
/// picked as <c>name[field=value]</c>, and <c>length</c> for the number of elements.
/// </summary>
public sealed record BulletinFigure(string Label, decimal Value, string Unit, string Source, string Path);

/// <summary>A sentence of the bulletin with the figures it states, in the order it states them.</summary>
public sealed record BulletinSentence(string Text, IReadOnlyList<BulletinFigure> Figures);

/// <summary>A numbered part of the bulletin ("一、投资完成情况"): <c>key</c> is stable for clients, <c>heading</c> Chinese.</summary>
public sealed record BulletinParagraph(string Key, string Heading, IReadOnlyList<BulletinSentence> Sentences)
{
    public string Text => string.Concat(Sentences.Select(s => s.Text));
}

/// <summary>
/// The monthly bulletin (交通投资月度通报) of a region: every sentence built from the figures the API answers
/// elsewhere, each figure linked to its source. <c>hasData</c> is false for a month without plans or reports, whose
/// bulletin says so in one short paragraph.
/// </summary>
public sealed record BulletinResponse(
    string RegionCode, string RegionName, string Period, string Title, string Issuer, DateOnly AsOf, bool HasData,
    IReadOnlyList<BulletinParagraph> Paragraphs);

/// <summary>Builds one sentence while keeping the figures it writes beside the text.</summary>
internal sealed class SentenceBuilder
{
    private readonly StringBuilder _text = new();
    private readonly List<BulletinFigure> _figures = [];

    public SentenceBuilder Text(string text)
    {
        _text.Append(text);
        return this;
    }

    /// <summary>Writes <paramref name="label"/> and records the figure behind it.</summary>
    public SentenceBuilder Figure(string label, decimal value, string unit, string source, string path)
    {
        _text.Append(label);
        _figures.Add(new BulletinFigure(label, value, unit, source, path));
        return this;
    }

    /// <summary>Records a figure the sentence states through words of its own (a rank history's months).</summary>
    public SentenceBuilder Silent(string label, decimal value, string unit, string source, string path)
    {
        _figures.Add(new BulletinFigure(label, value, unit, source, path));
        return this;
    }

    public BulletinSentence Build() => new(_text.ToString(), _figures);
}
