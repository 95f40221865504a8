namespace Investment.Domain.Reporting;

/// <summary>
/// 应报标段: whether a section owes a monthly report for a month. It does while its project is not archived, from the
/// section's first reporting month (<c>activeFrom</c>) through the month of the project's actual completion
/// acceptance (竣工验收), if it has one. An annual plan is not part of the rule: a section whose plan is not entered
/// yet still reports, and its month is listed, reminded and checked like any other.
/// </summary>
/// <remarks>
/// Every list of who reports (the missing-reports list, the reminder job, the Excel template, 我的标段 and the roll-up's
/// missing months) applies this rule: the roll-up calls it for each section it reads, and the API states it once as a
/// query (<c>SectionQueries.ExpectedToReport</c>), which a test pins to this class.
/// </remarks>
public static class ExpectedToReport
{
    /// <param name="month">The month in question.</param>
    /// <param name="projectArchived">The project is archived (归档): it takes no more reports.</param>
    /// <param name="activeFrom">Any day of the section's first reporting month (stored as its first day).</param>
    /// <param name="completionAcceptedOn">The actual date of the project's completion acceptance, if it has happened.</param>
    public static bool In(ReportingMonth month, bool projectArchived, DateOnly activeFrom, DateOnly? completionAcceptedOn) =>
        !projectArchived
        && ReportingMonth.Of(activeFrom) <= month
        && (completionAcceptedOn is not { } accepted || month <= ReportingMonth.Of(accepted));
}
