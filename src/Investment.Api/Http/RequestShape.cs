using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Investment.Api.Http;

/// <summary>
/// What a request must look like before anything reads it, decided from the matched endpoint's metadata, once for
/// every endpoint: a body only in a media type the endpoint reads (JSON; nothing else for an endpoint without a body, so
/// a form post — which a browser sends cross-site with the cookie — never reaches a handler, and a bearer-token one
/// neither), JSON only in UTF-8 (Latin-1 used to be decoded and stored as garbled Chinese), and query and route values
/// without control characters (a NUL reached PostgreSQL and answered 500).
/// </summary>
public static class RequestShape
{
    /// <summary>Metadata of an endpoint that reads and checks its body itself (the Excel upload: multipart/form-data).</summary>
    public sealed class HandlerReadsBody
    {
        public static readonly HandlerReadsBody Instance = new();

        private HandlerReadsBody()
        {
        }
    }

    /// <summary>After routing (it reads the endpoint) and before authentication, so nothing is done for a request refused here.</summary>
    public static IApplicationBuilder UseRequestShapeChecks(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (Refusal(context) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }
            await next(context);
        });

    private static IResult? Refusal(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            return null; // no endpoint: 404 or a page of the web app
        }
        var errors = new Dictionary<string, Message>(StringComparer.Ordinal);
        foreach (var (name, values) in context.Request.Query)
        {
            if (TextRules.Refusal(name, narrative: false) is not null)
            {
                errors["query"] = new("A parameter name holds control characters.", "参数名含有控制字符。");
            }
            else if (values.Select(v => v is null ? null : TextRules.Refusal(v, narrative: false)).FirstOrDefault(m => m is not null) is { } reason)
            {
                errors[name] = reason;
            }
        }
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && TextRules.Refusal(text, narrative: false) is { } reason)
            {
                errors[name] = reason;
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }
        return MediaTypeRefusal(context.Request, endpoint);
    }

    private static IResult? MediaTypeRefusal(HttpRequest request, Endpoint endpoint)
    {
        var header = request.Headers.ContentType.ToString();
        if (header.Length == 0 || endpoint.Metadata.GetMetadata<HandlerReadsBody>() is not null)
        {
            return null; // no body to speak of, or one the handler checks in its own words
        }
        if (!MediaTypeHeaderValue.TryParse(header, out var contentType) || contentType.MediaType.Value is not { } mediaType)
        {
            return Unsupported(new("The Content-Type header cannot be read. Send the body as JSON (Content-Type: application/json).",
                "无法识别请求的Content-Type，请以JSON格式（Content-Type: application/json）提交。"));
        }
        // An endpoint with a body lists its media types; one without takes a JSON body (an empty object) and ignores it.
        var accepted = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } types ? types : [JsonMediaType];
        if (!accepted.Any(a => Matches(mediaType, a)))
        {
            return Unsupported(new($"A body of type {mediaType} is not accepted here. Send JSON (Content-Type: application/json).",
                $"此处不接受{mediaType}类型的内容，请以JSON格式（Content-Type: application/json）提交。"));
        }
        if (IsJson(mediaType) && contentType.Charset.Value is { Length: > 0 } charset && !IsUtf8(charset))
        {
            return Unsupported(new($"JSON must be encoded in UTF-8, not {charset}. Send it as UTF-8 (or leave the charset out).",
                $"JSON内容必须使用UTF-8编码，不能是{charset}。请改用UTF-8（或不写charset）。"));
        }
        return null;
    }

    private const string JsonMediaType = "application/json";

    private static bool Matches(string mediaType, string accepted) =>
        string.Equals(mediaType, accepted, StringComparison.OrdinalIgnoreCase)
        || (accepted == JsonMediaType && IsJson(mediaType));

    /// <summary>application/json or a structured-syntax JSON type such as application/merge-patch+json.</summary>
    private static bool IsJson(string mediaType) =>
        mediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase)
        || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    // Only the registered name: ASP.NET Core's reader knows no other spelling (a "utf8" body answered 500).
    private static bool IsUtf8(string charset) => charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase);

    private static IResult Unsupported(Message detail) =>
        Problems.Problem(StatusCodes.Status415UnsupportedMediaType, new("Unsupported media type", "不支持的内容类型"), detail);
}
