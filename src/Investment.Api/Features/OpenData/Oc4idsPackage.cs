namespace Investment.Api.Features.OpenData;

// The subset of OC4IDS 0.9 (project package and project schemas) this system fills. Property names are the standard's;
// a null property is left out of the JSON (the schema allows no nulls and no empty arrays), see Oc4idsJson.

/// <summary>An OC4IDS 0.9 project package: the projects of a region, as the bureau knows them.</summary>
public sealed record Oc4idsPackage(
    string Uri, string PublishedDate, string Version, Oc4idsPublisher Publisher, string? License,
    IReadOnlyList<Oc4idsProject> Projects);

public sealed record Oc4idsPublisher(string Name);

public sealed record Oc4idsProject(
    string Id,
    string Updated,
    string Language,
    IReadOnlyList<Oc4idsIdentifier> Identifiers,
    string Title,
    string Description,
    string Status,
    IReadOnlyList<string> Sector,
    IReadOnlyList<Oc4idsLocation> Locations,
    Oc4idsBudget? Budget,
    Oc4idsPeriod? Period,
    Oc4idsPeriod? IdentificationPeriod,
    Oc4idsPeriod? PreparationPeriod,
    Oc4idsPeriod? ImplementationPeriod,
    Oc4idsPeriod? CompletionPeriod,
    IReadOnlyList<Oc4idsOrganization> Parties,
    Oc4idsOrganizationReference PublicAuthority,
    IReadOnlyList<Oc4idsMilestone>? Milestones,
    IReadOnlyList<Oc4idsMetric>? Metrics);

public sealed record Oc4idsIdentifier(string Id, string Scheme);

/// <summary>A period; dates are ISO 8601 date-times at the start of the day in the bureau's time zone.</summary>
public sealed record Oc4idsPeriod(string? StartDate, string? EndDate);

/// <summary>An amount in yuan (CNY): the system's 万元 × 10,000, exact.</summary>
public sealed record Oc4idsValue(decimal Amount, string Currency);

public sealed record Oc4idsLocation(string Id, string Description, Oc4idsGazetteer Gazetteer);

public sealed record Oc4idsGazetteer(string Scheme, IReadOnlyList<string> Identifiers);

public sealed record Oc4idsBudget(string? Description, Oc4idsValue? Amount, IReadOnlyList<Oc4idsBudgetBreakdowns>? BudgetBreakdowns);

public sealed record Oc4idsBudgetBreakdowns(string Id, string Description, IReadOnlyList<Oc4idsBudgetBreakdown> BudgetBreakdown);

public sealed record Oc4idsBudgetBreakdown(
    string Id, string Description, Oc4idsValue Amount, Oc4idsPeriod? Period, Oc4idsOrganizationReference? SourceParty);

public sealed record Oc4idsOrganization(string Id, string Name, IReadOnlyList<string> Roles);

public sealed record Oc4idsOrganizationReference(string Id, string Name);

public sealed record Oc4idsMilestone(
    string Id, string Title, string Type, string? Code, string? DueDate, string? DateMet, string Status);

public sealed record Oc4idsMetric(string Id, string Title, string Description, IReadOnlyList<Oc4idsObservation> Observations);

public sealed record Oc4idsObservation(
    string Id, Oc4idsPeriod Period, Oc4idsValue? Value, decimal? Measure, Oc4idsUnit? Unit,
    IReadOnlyDictionary<string, string>? Dimensions);

public sealed record Oc4idsUnit(string Name, string Scheme, string Id);
