using System.Text.Json;
using Microsoft.AspNetCore.Identity;

namespace Investment.Api.Data;

/// <summary>A person who signs in. Identity owns the columns; the user name is the e-mail address.</summary>
public sealed class AppUser : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The four roles; their ids are fixed by the migration so the SQL and the code agree.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string Planning = "planning";
    public const string Headquarters = "headquarters";
    public const string Leadership = "leadership";

    public static readonly string[] All = [Administrator, Planning, Headquarters, Leadership];

    /// <summary>
    /// A user holds one role; should a row ever give them several, the widest counts: the request's caller and a job's
    /// starter are read through this one list.
    /// </summary>
    public static string? WidestOf(Func<string, bool> holds) => ByPriority.FirstOrDefault(holds);

    private static readonly string[] ByPriority = [Administrator, Planning, Leadership, Headquarters];
}

/// <summary>
/// What a user may see: a region (planning, leadership: the region and everything below it), a project or a section
/// (headquarters). Exactly one of the three is set.
/// </summary>
public sealed class UserScope
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public string? RegionCode { get; set; }
    public long? ProjectId { get; set; }
    public long? SectionId { get; set; }
}

/// <summary>One row written by the audit trigger: who changed which row of which table, and its values before and after.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string TableName { get; set; }
    public required string RowKey { get; set; }
    public JsonDocument? Before { get; set; }
    public JsonDocument? After { get; set; }
}
