using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Investment.Api.Data;

/// <summary>A data-protection key (it signs and encrypts bearer tokens and cookies), stored in the shared database.</summary>
public sealed class DataProtectionKey
{
    public long Id { get; set; }
    public string? FriendlyName { get; set; }
    public required string Xml { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Keeps the data-protection key ring in PostgreSQL, so every API instance on the database reads the tokens the others
/// issued and a restart does not sign everyone out (the EF key-store package is not in this build's package source).
/// The key ring asks rarely (at start and when a key nears expiry), so plain synchronous Npgsql is fine here.
/// </summary>
public sealed class DatabaseKeyRepository(DatabaseConnection connection) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = new NpgsqlConnection(connection.ConnectionString);
        db.Open();
        using var command = new NpgsqlCommand("select xml from data_protection_keys order by id", db);
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read())
        {
            keys.Add(XElement.Parse(reader.GetString(0)));
        }
        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = new NpgsqlConnection(connection.ConnectionString);
        db.Open();
        using var command = new NpgsqlCommand("insert into data_protection_keys (friendly_name, xml) values ($1, $2)", db);
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
