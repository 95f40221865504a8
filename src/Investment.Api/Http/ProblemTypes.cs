using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Investment.Api.Http;

/// <summary>
/// The <c>type</c> of every problem: the section of the RFC that defines its status. ASP.NET Core fills in a few
/// statuses itself; 413, 428 and 429 (and any other) came without one, so every problem gets it here, once.
/// </summary>
public static class ProblemTypes
{
    public static string For(int status) => Types.TryGetValue(status, out var type) ? type : "about:blank";

    private static readonly Dictionary<int, string> Types = new()
    {
        [400] = Rfc9110("15.5.1"),
        [401] = Rfc9110("15.5.2"),
        [403] = Rfc9110("15.5.4"),
        [404] = Rfc9110("15.5.5"),
        [405] = Rfc9110("15.5.6"),
        [406] = Rfc9110("15.5.7"),
        [408] = Rfc9110("15.5.9"),
        [409] = Rfc9110("15.5.10"),
        [410] = Rfc9110("15.5.11"),
        [411] = Rfc9110("15.5.12"),
        [412] = Rfc9110("15.5.13"),
        [413] = Rfc9110("15.5.14"),
        [414] = Rfc9110("15.5.15"),
        [415] = Rfc9110("15.5.16"),
        [422] = Rfc9110("15.5.21"),
        [426] = Rfc9110("15.5.22"),
        [428] = "https://tools.ietf.org/html/rfc6585#section-3",
        [429] = "https://tools.ietf.org/html/rfc6585#section-4",
        [431] = "https://tools.ietf.org/html/rfc6585#section-5",
        [500] = Rfc9110("15.6.1"),
        [501] = Rfc9110("15.6.2"),
        [502] = Rfc9110("15.6.3"),
        [503] = Rfc9110("15.6.4"),
        [504] = Rfc9110("15.6.5"),
    };

    private static string Rfc9110(string section) => $"https://tools.ietf.org/html/rfc9110#section-{section}";

    /// <summary>
    /// The status-code pages' answer (a 401, 403, 404 or 405 with no body of its own): problem details that also say
    /// what went wrong, where ASP.NET Core's own page has only the status phrase.
    /// </summary>
    public static Task StatusCodePageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        Message? detail = status switch
        {
            StatusCodes.Status401Unauthorized => new("Sign in first (POST /api/v1/auth/login), or sign in again: the session has ended.",
                "请先登录；如已登录，说明登录已过期，请重新登录。"),
            StatusCodes.Status403Forbidden => new("Your role may not do this.", "您的角色没有执行该操作的权限。"),
            StatusCodes.Status404NotFound => new("Nothing is at this address. Check the path: ids are numbers, months are yyyy-MM.",
                "没有这个地址，请检查路径（编号为数字，月份格式为yyyy-MM）。"),
            StatusCodes.Status405MethodNotAllowed => new($"This address does not take {http.Request.Method} requests.",
                $"该地址不支持{http.Request.Method}请求。"),
            _ => null,
        };
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Detail = detail?.Text },
        }).AsTask();
    }

    /// <summary>
    /// Writes the problem whatever the request's Accept says. ASP.NET Core's own writer declines a request that does
    /// not accept JSON (a browser's address bar sends text/html), and the status-code pages then answered in plain text.
    /// </summary>
    public sealed class AnyAcceptWriter(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => true;

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var problem = context.ProblemDetails;
            var response = context.HttpContext.Response;
            problem.Status ??= response.StatusCode;
            problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
            options.Value.CustomizeProblemDetails?.Invoke(context);
            return new ValueTask(response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions,
                "application/problem+json", context.HttpContext.RequestAborted));
        }
    }
}
