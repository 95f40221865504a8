using OfficeOpenXml;

namespace Investment.Benchmarks.Exports;

/// <summary>
/// EPPlus 4.5.3.3 (the last LGPL release; referenced by this benchmark only) writing the same cells: values set one
/// by one with <c>SetValue</c>, the package saved to the stream. EPPlus builds the whole sheet in memory first.
/// </summary>
internal static class EpplusWriter
{
    public static void Write<T>(Stream stream, SheetContent<T> content)
    {
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add(content.Name);
        var sink = new Sink(sheet);
        sink.StartRow();
        sink.Text(content.Title);
        sink.StartRow();
        sink.Text(content.Subtitle);
        sink.StartRow();
        foreach (var header in content.Headers)
        {
            sink.Text(header);
        }
        foreach (var item in content.Rows)
        {
            sink.StartRow();
            content.Cells(item, sink);
        }
        package.SaveAs(stream);
    }

    private sealed class Sink(ExcelWorksheet sheet) : ICellSink
    {
        private int _row;
        private int _column;

        public void StartRow()
        {
            _row++;
            _column = 0;
        }

        public void Text(string? value)
        {
            _column++;
            if (!string.IsNullOrEmpty(value))
            {
                sheet.SetValue(_row, _column, value);
            }
        }

        public void Number(decimal? value)
        {
            _column++;
            if (value is { } v)
            {
                sheet.SetValue(_row, _column, v);
            }
        }
    }
}
