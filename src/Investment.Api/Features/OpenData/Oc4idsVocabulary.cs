using Investment.Domain.Projects;

namespace Investment.Api.Features.OpenData;

/// <summary>
/// How the registry's codes map onto OC4IDS 0.9 codelists (projectStatus, projectSector, milestoneType, milestoneCode,
/// milestoneStatus, metricID, partyRole). Every code written here is one of the codelists' own.
/// </summary>
public static class Oc4idsVocabulary
{
    public const string Version = "0.9";
    public const string Currency = "CNY";
    public const string Language = "zh";

    /// <summary>The scheme named in each location's gazetteer entry: the national administrative division codes.</summary>
    public const string GazetteerScheme = "GB/T 2260";

    /// <summary>projectSector: every mode is transport, with the mode's own sub-code where the codelist has one.</summary>
    public static IReadOnlyList<string> Sector(string mode) => mode switch
    {
        "expressway" or "trunk_highway" or "rural_road" => ["transport", "transport.road"],
        "urban_road" => ["transport", "transport.road", "transport.urban"],
        "railway" => ["transport", "transport.rail"],
        "urban_rail" => ["transport", "transport.rail", "transport.urban"],
        "port" or "waterway" => ["transport", "transport.water"],
        "airport" => ["transport", "transport.air"],
        _ => ["transport"],
    };

    /// <summary>
    /// projectStatus from the project's class in the year (<see cref="ProjectClassRule"/>): reserve → identification,
    /// preliminary work → preparation, under construction → implementation, completed (handed over or opened) in the
    /// year → completion, completed before it → maintenance (in service).
    /// </summary>
    public static string Status(ProjectClass projectClass) => projectClass switch
    {
        ProjectClass.Reserve => "identification",
        ProjectClass.Preliminary => "preparation",
        ProjectClass.NewStart or ProjectClass.Continuing => "implementation",
        ProjectClass.Completed => "completion",
        _ => "maintenance",
    };

    /// <summary>A milestone's Chinese name, its milestoneType and, where the codelist has one, its milestoneCode.</summary>
    public static (string Title, string Type, string? Code) Milestone(MilestoneKind kind) => kind switch
    {
        MilestoneKind.Proposal => ("项目建议书", "approval", "projectApproval"),
        MilestoneKind.FeasibilityStudy => ("工程可行性研究", "approval", "projectApproval"),
        MilestoneKind.SiteAndLandPreReview => ("规划选址与用地预审", "approval", "projectApproval"),
        MilestoneKind.PreliminaryDesign => ("初步设计", "approval", "projectApproval"),
        MilestoneKind.ConstructionDrawings => ("施工图设计", "approval", "projectApproval"),
        MilestoneKind.ConstructionTender => ("施工招标", "procurement", null),
        MilestoneKind.LandApproval => ("用地批复", "approval", "projectApproval"),
        MilestoneKind.Start => ("开工", "delivery", "commencement"),
        MilestoneKind.HandoverAcceptance => ("交工验收", "delivery", "completion"),
        MilestoneKind.Opening => ("通车", "delivery", "commissioning"),
        _ => ("竣工验收", "assessment", null),
    };

    public const string PhysicalProgress = "physicalProgress";
    public const string FinancialProgress = "financialProgress";

    public const string PublicAuthority = "publicAuthority";
    public const string AdministrativeEntity = "administrativeEntity";
    public const string Funder = "funder";

    /// <summary>UN/CEFACT Recommendation 20: P1 is percent.</summary>
    public static readonly Oc4idsUnit Percent = new("percent", "UNCEFACT", "P1");

    /// <summary>A province's transport department is a 厅; a city's or county's, a 局.</summary>
    public static string BureauName(string regionName, string level) =>
        regionName + (level == Data.RegionLevels.Province ? "交通运输厅" : "交通运输局");
}
