using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;
using Npgsql;

namespace Investment.Api.Tests.Features.Jobs;

/// <summary>Starting a job over HTTP and polling it to the end, as a client would; plus plain SQL for arranging rows.</summary>
public static class JobPolling
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>POSTs, asserts 202 with a Location, and polls the job until it has finished.</summary>
    public static async Task<JsonElement> RunAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostJsonAsync(url, body);
        var accepted = await response.ReadAsync<JsonElement>(HttpStatusCode.Accepted);
        var location = response.Headers.Location?.ToString();
        Assert.NotNull(location);
        Assert.Equal($"/api/v1/jobs/{accepted.GetProperty("id").GetGuid()}", location);
        return await WaitAsync(client, location);
    }

    public static async Task<JsonElement> WaitAsync(HttpClient client, string location)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var job = await (await client.GetAsync(location)).ReadAsync<JsonElement>();
            var status = job.GetProperty("status").GetString();
            if (status is "succeeded" or "failed")
            {
                return job;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Job {location} is still {status} after {Timeout}: {job}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The states Hangfire's record holds for the Hangfire job that ran jobs row <paramref name="jobId"/>, in order, once
    /// it has recorded the outcome (just after the job's own last write): how often it was taken and performed.
    /// </summary>
    public static async Task<List<string>> HangfireStatesAsync(string connectionString, string jobId)
    {
        var sql = $"""
            select s.name from hangfire.state s join hangfire.job j on j.id = s.jobid
            where j.arguments::text like '%{jobId}%' order by s.id
            """;
        var deadline = DateTime.UtcNow + Timeout;
        List<string> states;
        while ((states = await QueryAsync(connectionString, sql)).LastOrDefault() is not ("Succeeded" or "Failed") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        return states;
    }

    public static void AssertSucceeded(JsonElement job) =>
        Assert.True(job.GetProperty("status").GetString() == "succeeded", $"Job did not succeed: {job}");

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Each row's first column as text, in the query's order.</summary>
    public static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? "<null>" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }
        return values;
    }
}
