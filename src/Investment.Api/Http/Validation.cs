using FluentValidation;

namespace Investment.Api.Http;

public static class Validation
{
    public static IServiceCollection AddRequestValidators(this IServiceCollection services)
    {
        // Error keys must match the JSON the client sent: camelCase paths such as "sections[0].regionCode".
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
            member is null ? null : JsonNaming.CamelCase(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonNaming.CamelCase(member.Name);
        // FluentValidation's own messages (NotEmpty, MaximumLength…) in the request's language: with no fixed culture
        // its LanguageManager reads CurrentUICulture, which request localization sets (Http/Languages.cs).
        ValidatorOptions.Global.LanguageManager.Culture = null;
        AssemblyScanner.FindValidatorsInAssembly(typeof(Validation).Assembly)
            .ForEach(result => services.AddScoped(result.InterfaceType, result.ValidatorType));
        return services;
    }

    /// <summary>Runs the request body's validator before the handler; a failure answers 400 with every field at fault.</summary>
    public static RouteHandlerBuilder WithValidation<TRequest>(this RouteHandlerBuilder builder) where TRequest : class =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
            var validator = context.HttpContext.RequestServices.GetService<IValidator<TRequest>>();
            if (request is not null && validator is not null)
            {
                var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
                if (!result.IsValid)
                {
                    return Problems.Fields(result);
                }
            }
            return await next(context);
        }).ProducesValidationProblem();
}

public static class JsonNaming
{
    public static string CamelCase(string name) =>
        string.IsNullOrEmpty(name) || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
