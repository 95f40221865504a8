using System.Text;

namespace Investment.Api.Data;

/// <summary>Minimal RFC 4180 reader for the human-edited seed files: header row, quoted fields, UTF-8.</summary>
public static class CsvReader
{
    public sealed record CsvRow(int LineNumber, IReadOnlyDictionary<string, string?> Fields)
    {
        public string? this[string column] => Fields.TryGetValue(column, out var v) ? v : null;
    }

    public static IReadOnlyList<CsvRow> ReadFile(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var records = Parse(text);
        if (records.Count == 0)
        {
            return [];
        }
        var header = records[0].Fields.Select(h => h.Trim()).ToArray();
        var rows = new List<CsvRow>(records.Count - 1);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }
            if (fields.Count != header.Length)
            {
                throw new FormatException(
                    $"{Path.GetFileName(path)} line {line}: expected {header.Length} fields, found {fields.Count}.");
            }
            var map = new Dictionary<string, string?>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                map[header[i]] = fields[i].Length == 0 ? null : fields[i];
            }
            rows.Add(new CsvRow(line, map));
        }
        return rows;
    }

    private static List<(int Line, List<string> Fields)> Parse(string text)
    {
        var result = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        var recordLine = 1;
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    result.Add((recordLine, fields));
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            result.Add((recordLine, fields));
        }
        return result;
    }
}
