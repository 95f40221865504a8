using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Investment.Api.Http;

/// <summary>
/// The request's language: Simplified Chinese when Accept-Language asks for Chinese (zh-CN, zh, zh-Hans…; the web app
/// always sends zh-CN), English otherwise. Only the UI culture changes; formatting stays invariant.
/// </summary>
public static class Languages
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public static bool IsChinese(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh";

    public static IServiceCollection AddLanguages(this IServiceCollection services) =>
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(CultureInfo.InvariantCulture, English);
            o.SupportedCultures = [CultureInfo.InvariantCulture];
            o.SupportedUICultures = [English, Chinese];
            o.RequestCultureProviders = [new CustomRequestCultureProvider(http => Task.FromResult(FromAcceptLanguage(http)))];
        });

    /// <summary>Before the exception handler and status-code pages, so the problems they write are in the request's language.</summary>
    public static IApplicationBuilder UseLanguages(this IApplicationBuilder app) => app.UseRequestLocalization();

    // FluentValidation's own messages exist for zh-CN, not for zh or zh-Hans, so every Chinese tag becomes zh-CN.
    private static ProviderCultureResult? FromAcceptLanguage(HttpContext http)
    {
        var ranked = http.Request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not <= 0)
            .OrderByDescending(l => l.Quality ?? 1);
        foreach (var language in ranked)
        {
            var tag = language.Value.Value ?? "";
            if (tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase))
            {
                return new ProviderCultureResult("", Chinese.Name);
            }
            if (tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase))
            {
                return new ProviderCultureResult("", English.Name);
            }
        }
        return null;
    }

    /// <summary>
    /// The titles ASP.NET Core writes itself (status-code pages, a 405, <c>ValidationProblem</c>'s default title), in
    /// Chinese. Keyed by the English title the framework wrote, so every title the code sets stays as it was set.
    /// </summary>
    public static void TranslateFrameworkTitle(Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        if (problem.Title is { } title && FrameworkTitles.TryGetValue(title, out var chinese) && IsChinese(CultureInfo.CurrentUICulture))
        {
            problem.Title = chinese;
        }
    }

    private static readonly Dictionary<string, string> FrameworkTitles = new(StringComparer.Ordinal)
    {
        ["One or more validation errors occurred."] = "提交的内容有误，请按提示修改。",
        ["Bad Request"] = "请求有误",
        ["Unauthorized"] = "请先登录",
        ["Forbidden"] = "没有权限",
        ["Not Found"] = "未找到",
        ["Method Not Allowed"] = "不支持该请求方法",
        ["Not Acceptable"] = "无法提供所要求的格式",
        ["Request Timeout"] = "请求超时",
        ["Conflict"] = "操作冲突",
        ["Gone"] = "已不存在",
        ["Length Required"] = "缺少请求长度",
        ["Precondition Failed"] = "数据已被修改",
        ["Payload Too Large"] = "上传内容过大",
        ["Content Too Large"] = "上传内容过大",
        ["Unsupported Media Type"] = "不支持的内容类型",
        ["Unprocessable Entity"] = "无法处理的内容",
        ["Unprocessable Content"] = "无法处理的内容",
        ["Precondition Required"] = "缺少版本号",
        ["Too Many Requests"] = "请求过于频繁",
        ["Request Header Fields Too Large"] = "请求头过大",
        ["An error occurred while processing your request."] = "服务器处理请求时出错",
        ["Internal Server Error"] = "服务器内部错误",
        ["Not Implemented"] = "暂不支持",
        ["Bad Gateway"] = "网关错误",
        ["Service Unavailable"] = "服务暂不可用",
        ["Gateway Timeout"] = "网关超时",
    };
}
