namespace Investment.Domain.Projects;

/// <summary>
/// A project milestone (节点), each with a planned and an actual date. Declared in the usual order of a
/// project's life; the seven before <see cref="Start"/> are preliminary work (前期工作).
/// </summary>
public enum MilestoneKind
{
    /// <summary>项目建议书 — project proposal. Code "proposal".</summary>
    Proposal,

    /// <summary>工可 (工程可行性研究) — feasibility study. Code "feasibility_study".</summary>
    FeasibilityStudy,

    /// <summary>规划选址与用地预审 — site selection and land pre-review. Code "site_land_prereview".</summary>
    SiteAndLandPreReview,

    /// <summary>初步设计 — preliminary design. Code "preliminary_design".</summary>
    PreliminaryDesign,

    /// <summary>施工图 — construction drawings. Code "construction_drawings".</summary>
    ConstructionDrawings,

    /// <summary>施工招标 — construction tender. Code "construction_tender".</summary>
    ConstructionTender,

    /// <summary>用地批复 — land approval. Code "land_approval".</summary>
    LandApproval,

    /// <summary>开工 — start of construction. Code "start".</summary>
    Start,

    /// <summary>交工验收 — handover acceptance. Code "handover_acceptance".</summary>
    HandoverAcceptance,

    /// <summary>通车 — opening to traffic. Code "opening".</summary>
    Opening,

    /// <summary>竣工验收 — completion acceptance. Code "completion_acceptance".</summary>
    CompletionAcceptance,
}
