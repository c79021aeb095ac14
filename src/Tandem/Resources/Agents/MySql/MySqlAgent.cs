using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Tandem.Resources.Agents.MySql;

/// <summary>
/// The <c>mysql::CNF</c> resource: starts mysqld/mariadbd with <c>--defaults-file=CNF</c> as a process of its own
/// session, stops it by the pid in the server's pid file (SIGTERM, then SIGKILL), and monitors it over the MySQL
/// protocol with a query (and optionally a heartbeat write) under a timeout, so a hung server counts as failed.
/// Every action reads the my.cnf again, so the agent follows edits without a restart of Tandem.
/// </summary>
public sealed partial class MySqlAgent
{
    /// <summary>Pause between two readiness probes or two checks for exit.</summary>
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a start probe may take before the next one.</summary>
    internal static readonly TimeSpan StartProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Wait for exit after SIGKILL before declaring the stop failed.</summary>
    internal static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);

    /// <summary>Lines of the error log quoted in a failed start.</summary>
    const int LogTailLines = 15;

    readonly ILogger log;
    readonly TimeProvider time;
    readonly string node;
    readonly string? group;
    Process? child;
    bool heartbeatTableReady;
    string loggedCnfWarnings = "";
    MySqlAgentStatus lastMonitor = MySqlAgentStatus.Ok;

    /// <param name="node">This node's name, written to the heartbeat table and given to the server as TANDEM_NODE.</param>
    /// <param name="group">The group the server runs in, given to it as TANDEM_GROUP.</param>
    public MySqlAgent(MySqlAgentOptions options, ILogger log, TimeProvider? time = null, string? node = null, string? group = null)
    {
        this.group = group;
        Options = options;
        this.log = log;
        this.time = time ?? TimeProvider.System;
        this.node = node ?? Environment.MachineName;
    }

    public MySqlAgentOptions Options { get; }

    /// <summary>How the resource is named in logs.</summary>
    public string Id => MySqlAgentOptions.ResourcePrefix + Options.CnfPath;

    /// <summary>The my.cnf settings, or a reason why they cannot be read.</summary>
    (MySqlServerSettings? Settings, string Error) LoadSettings()
    {
        try
        {
            var cnf = MySqlCnf.Load(Options.CnfPath);
            var warnings = string.Join("\n", cnf.Warnings);
            if (warnings != loggedCnfWarnings)
            {
                // Once per change of the file, not on every monitor.
                foreach (var warning in cnf.Warnings)
                    log.CnfWarning(Id, Options.CnfPath, warning);
                loggedCnfWarnings = warnings;
            }
            return (MySqlServerSettings.From(cnf), "");
        }
        catch (MySqlCnfException e)
        {
            return (null, e.Message);
        }
    }

    string? Password()
    {
        if (Options.PasswordFile is null)
            return Options.Password;
        var lines = File.ReadAllLines(Options.PasswordFile);
        return lines.Length == 0 ? "" : lines[0];
    }

    MySqlConnectionStringBuilder ConnectionString(MySqlServerSettings s, TimeSpan timeout)
    {
        // The library's own timeouts sit a little beyond the probe's deadline, so a hung server is always
        // reported by the deadline (TimedOut) and never races it as a connect error (Failed).
        var seconds = (uint)Math.Max(1, Math.Ceiling(timeout.TotalSeconds)) + 2;
        var b = new MySqlConnectionStringBuilder
        {
            UserID = Options.User,
            Password = Password() ?? "",
            Pooling = false,
            ConnectionTimeout = seconds,
            DefaultCommandTimeout = seconds,
        };
        if (Options.Host is not null || (!s.SkipNetworking && !File.Exists(s.Socket)))
        {
            b.Server = Options.Host ?? s.TcpHost;
            b.Port = (uint)s.Port;
        }
        else
        {
            b.Server = s.Socket;
            b.ConnectionProtocol = MySqlConnectionProtocol.UnixSocket;
            b.SslMode = MySqlSslMode.None;
        }
        return b;
    }

    /// <summary>Where a client connects, for messages.</summary>
    static string Endpoint(MySqlConnectionStringBuilder b) =>
        b.ConnectionProtocol == MySqlConnectionProtocol.UnixSocket ? $"socket {b.Server}" : $"{b.Server}:{b.Port}";

    /// <summary>The last lines written to <paramref name="path"/> since <paramref name="offset"/>, joined with " | ".</summary>
    static string Tail(string? path, long offset)
    {
        if (path is null || !File.Exists(path))
            return "";
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var start = Math.Max(offset <= stream.Length ? offset : 0, stream.Length - 64 * 1024);
            stream.Seek(start, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return string.Join(" | ", lines.TakeLast(LogTailLines));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    static long LengthOf(string? path) => path is not null && File.Exists(path) ? new FileInfo(path).Length : 0;
}
