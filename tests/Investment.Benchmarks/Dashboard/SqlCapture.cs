using System.Data;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Investment.Benchmarks.Dashboard;

/// <summary>
/// One SQL command an endpoint executed. EF's commands come with copies of their parameters (name, type, value), so
/// they replay exactly. Commands made on the connection outside EF (<see cref="OutsideEf"/>; the API's audit interceptor
/// sets <c>investment.actor</c> on every connection EF opens) are seen only through Npgsql's tracing, which gives the
/// text but not the parameters: their placeholders are replayed as NULL, which costs the same round trip.
/// </summary>
internal sealed record CapturedCommand(string Sql, IReadOnlyList<NpgsqlParameter> Parameters, bool OutsideEf)
{
    public int UnknownParameters => OutsideEf ? Placeholders(Sql) : 0;

    /// <summary>The highest $n in the text: how many positional parameters it takes.</summary>
    private static int Placeholders(string sql) =>
        Regex.Matches(sql, @"\$(\d+)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    /// <summary>A command on <paramref name="connection"/> with its own copies of the parameters (a parameter belongs to one command).</summary>
    public NpgsqlCommand On(NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand(Sql, connection);
        foreach (var parameter in Parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }
        for (var i = 0; i < UnknownParameters; i++)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = DBNull.Value });
        }
        return command;
    }

    /// <summary>Executes the command and reads every value of every row of every result, as the endpoint's reader does.</summary>
    public static async Task ExecuteAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.Default, ct);
        do
        {
            while (await reader.ReadAsync(ct))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    _ = reader.GetValue(i);
                }
            }
        }
        while (await reader.NextResultAsync(ct));
    }
}

/// <summary>
/// Records the SQL the API executes while <see cref="Endpoint"/> is set: EF Core's <c>CommandExecuted</c> diagnostic
/// events (the command with its parameters) and Npgsql's activities (every command on the wire, EF's or not, text only).
/// Only one request may be in flight while it records: whatever runs is attributed to <see cref="Endpoint"/>. Dispose it
/// before putting load on the API: while subscribed, EF builds event data and Npgsql an activity for every command.
/// </summary>
internal sealed class SqlCapture : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IDisposable _allListeners;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ActivityListener _activities;
    private readonly List<(string Endpoint, string Sql, NpgsqlParameter[] Parameters)> _ef = [];
    private readonly List<(string Endpoint, Activity Activity)> _wire = [];
    private volatile string? _endpoint;

    public SqlCapture()
    {
        _allListeners = DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                // Only CommandExecuted is enabled, so EF builds no event data for anything else.
                var subscription = listener.Subscribe(new Observer<KeyValuePair<string, object?>>(OnEfEvent),
                    name => name == RelationalEventId.CommandExecuted.Name);
                lock (_gate)
                {
                    _subscriptions.Add(subscription);
                }
            }
        }));
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                if (_endpoint is { } endpoint)
                {
                    lock (_gate)
                    {
                        _wire.Add((endpoint, activity));
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);
    }

    /// <summary>The endpoint being called; null while nothing is to be recorded.</summary>
    public string? Endpoint
    {
        get => _endpoint;
        set => _endpoint = value;
    }

    /// <summary>
    /// The commands of <paramref name="endpoint"/> in the order they went to the server: Npgsql's list of everything
    /// sent, each matched with EF's record of the same text (for the parameters) or else marked as made outside EF.
    /// </summary>
    public List<CapturedCommand> CommandsOf(string endpoint)
    {
        List<(string Sql, NpgsqlParameter[] Parameters)> ef;
        List<Activity> wire;
        lock (_gate)
        {
            ef = _ef.Where(e => e.Endpoint == endpoint).Select(e => (e.Sql, e.Parameters)).ToList();
            wire = _wire.Where(w => w.Endpoint == endpoint).Select(w => w.Activity).ToList();
        }
        var commands = new List<CapturedCommand>();
        var used = new bool[ef.Count];
        foreach (var activity in wire)
        {
            // Npgsql 10 names the text db.query.text (older versions db.statement).
            var sql = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string;
            if (sql is null)
            {
                continue; // not a command (a physical open, say)
            }
            var match = Enumerable.Range(0, ef.Count).FirstOrDefault(i => !used[i] && ef[i].Sql == sql, -1);
            if (match >= 0)
            {
                used[match] = true;
                commands.Add(new CapturedCommand(sql, ef[match].Parameters, OutsideEf: false));
            }
            else
            {
                commands.Add(new CapturedCommand(sql, [], OutsideEf: true));
            }
        }
        // EF commands Npgsql's tracing did not report (should there be any) still count, after the others.
        commands.AddRange(ef.Where((_, i) => !used[i]).Select(e => new CapturedCommand(e.Sql, e.Parameters, OutsideEf: false)));
        return commands;
    }

    public void Dispose()
    {
        _activities.Dispose();
        lock (_gate)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }
        _allListeners.Dispose();
    }

    private void OnEfEvent(KeyValuePair<string, object?> e)
    {
        if (_endpoint is { } endpoint && e.Value is CommandExecutedEventData { Command: var command })
        {
            // Copies: EF may reuse or dispose the command once the endpoint is done with it.
            var parameters = command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray();
            lock (_gate)
            {
                _ef.Add((endpoint, command.CommandText, parameters));
            }
        }
    }

    private sealed class Observer<T>(Action<T> onNext) : IObserver<T>
    {
        public void OnNext(T value) => onNext(value);

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
