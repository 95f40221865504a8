using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Investment.Api.Http;

/// <summary>
/// Problem-details answers the handlers share, so the same situation always reads the same way. Every text is a
/// <see cref="Message"/>: English and Chinese, picked by the request's Accept-Language.
/// </summary>
public static class Problems
{
    public static readonly Message NotFoundTitle = new("Not found", "未找到");
    public static readonly Message ConflictTitle = new("Conflict", "操作冲突");
    public static readonly Message BadRequestTitle = new("Bad request", "请求有误");
    public static readonly Message PreconditionFailedTitle = new("Precondition failed", "数据已被修改");
    public static readonly Message PreconditionRequiredTitle = new("Precondition required", "缺少版本号");
    public static readonly Message ValidationTitle = new("One or more validation errors occurred.", "提交的内容有误，请按提示修改。");

    /// <summary>404: <paramref name="what"/> names the object, e.g. new("Section 12", "标段12").</summary>
    public static ProblemHttpResult NotFound(Message what) =>
        Problem(StatusCodes.Status404NotFound, NotFoundTitle, DoesNotExist(what));

    /// <summary>Also what an object outside the caller's scope answers, so the two cannot be told apart.</summary>
    public static Message DoesNotExist(Message what) => new($"{what.En} does not exist.", $"{what.Zh}不存在，或不在您的权限范围内。");

    public static ProblemHttpResult Conflict(Message detail) => Problem(StatusCodes.Status409Conflict, ConflictTitle, detail);

    public static ProblemHttpResult Problem(int status, Message title, Message? detail = null,
        IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: status, title: title.Text, detail: detail?.Text, extensions: extensions);

    /// <summary>For the places that write a problem themselves (middleware, the exception handler).</summary>
    public static ProblemDetails Details(int status, Message title, Message? detail = null) =>
        new() { Status = status, Title = title.Text, Detail = detail?.Text };

    public static ValidationProblem Field(string field, Message message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message.Text] }, title: ValidationTitle.Text);

    /// <summary>400 naming each field at fault; keys are the camelCase JSON paths (English), messages in the request's language.</summary>
    public static ValidationProblem Fields(IReadOnlyDictionary<string, Message> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value.Text }, StringComparer.Ordinal),
            title: ValidationTitle.Text);

    /// <summary>
    /// 400 from a FluentValidation result, whose messages are already in the request's language (ours are
    /// <see cref="Message"/>s picked when the rule failed, its own defaults come from its zh-CN language), plus more fields.
    /// </summary>
    public static ValidationProblem Fields(ValidationResult result, IReadOnlyDictionary<string, Message>? more = null)
    {
        var errors = result.ToDictionary();
        foreach (var (field, message) in more ?? new Dictionary<string, Message>())
        {
            errors[field] = errors.TryGetValue(field, out var earlier) ? [.. earlier, message.Text] : [message.Text];
        }
        return TypedResults.ValidationProblem(errors, title: ValidationTitle.Text);
    }

    public static ProblemHttpResult PreconditionFailed(string currentVersion) =>
        Problem(StatusCodes.Status412PreconditionFailed, PreconditionFailedTitle,
            new("The resource was changed by someone else since you read it. Reload it and apply your change again.",
                "该数据已被他人修改，请刷新后重新修改。"),
            new Dictionary<string, object?> { ["currentVersion"] = currentVersion });
}
