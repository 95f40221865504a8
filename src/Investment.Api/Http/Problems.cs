using Microsoft.AspNetCore.Http.HttpResults;

namespace Investment.Api.Http;

/// <summary>Problem-details answers the handlers share, so the same situation always reads the same way.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{what} does not exist.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Fields(IDictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    public static ProblemHttpResult PreconditionFailed(string currentVersion) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed",
            detail: "The resource was changed by someone else since you read it. Reload it and apply your change again.",
            extensions: new Dictionary<string, object?> { ["currentVersion"] = currentVersion });
}
