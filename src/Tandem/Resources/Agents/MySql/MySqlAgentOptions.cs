namespace Tandem.Resources.Agents.MySql;

/// <summary>
/// The arguments of a <c>mysql::</c> resource:
/// <c>mysql::/etc/mysql/my.cnf[::user=NAME][::password_file=PATH][::heartbeat=on][::heartbeat_db=tandem]
/// [::start_timeout=120s][::stop_timeout=60s][::monitor_timeout=10s][::binary=/usr/sbin/mariadbd][::host=ADDR]</c>.
/// Defaults: the server's root account over its socket, no heartbeat write. In a group the three timeouts
/// replace the group's own (a database may need minutes of crash recovery to start); a <c>[[groups.monitor]]</c>
/// timeout for the resource sets <see cref="MonitorTimeout"/> instead of <c>monitor_timeout=</c>.
/// </summary>
public sealed record MySqlAgentOptions
{
    public const string ResourcePrefix = "mysql::";

    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultMonitorTimeout = TimeSpan.FromSeconds(10);
    public const string DefaultUser = "root";
    public const string DefaultHeartbeatDatabase = "tandem";
    public const string HeartbeatTable = "tandem_heartbeat";

    /// <summary>The my.cnf given to the server with <c>--defaults-file</c>.</summary>
    public required string CnfPath { get; init; }

    public string User { get; init; } = DefaultUser;

    /// <summary>Inline password (discouraged: the resource string is in the config and in status).</summary>
    public string? Password { get; init; }

    /// <summary>A file whose first line is the password.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Also write a row to <c>HeartbeatDatabase.tandem_heartbeat</c> on every monitor.</summary>
    public bool Heartbeat { get; init; }

    public string HeartbeatDatabase { get; init; } = DefaultHeartbeatDatabase;

    public TimeSpan StartTimeout { get; init; } = DefaultStartTimeout;
    public TimeSpan StopTimeout { get; init; } = DefaultStopTimeout;
    public TimeSpan MonitorTimeout { get; init; } = DefaultMonitorTimeout;

    /// <summary>The resource string sets <c>monitor_timeout</c> itself (then a <c>[[groups.monitor]]</c> timeout would contradict it).</summary>
    public bool MonitorTimeoutGiven { get; init; }

    /// <summary>The server program; null finds mariadbd, then mysqld.</summary>
    public string? Binary { get; init; }

    /// <summary>Connect over TCP to this address instead of the socket.</summary>
    public string? Host { get; init; }

    /// <summary>
    /// Parses <c>mysql::CNF::key=value::...</c> (or the part after <c>mysql::</c>). Throws
    /// <see cref="ArgumentException"/> with a message that says what to write instead.
    /// </summary>
    public static MySqlAgentOptions Parse(string resource)
    {
        var text = resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) ? resource[ResourcePrefix.Length..] : resource;
        var parts = text.Split("::");
        var cnf = parts[0].Trim();
        if (cnf.Length == 0 || !cnf.StartsWith('/'))
            throw new ArgumentException($"mysql resource \"{resource}\": the first argument must be the absolute path of the server's my.cnf, such as mysql::/etc/mysql/my.cnf");
        var options = new MySqlAgentOptions { CnfPath = cnf };
        foreach (var part in parts.Skip(1))
            options = options.With(resource, part);
        return options;
    }

    MySqlAgentOptions With(string resource, string part)
    {
        var eq = part.IndexOf('=');
        if (eq <= 0)
            throw Bad(resource, part, "write key=value");
        var key = part[..eq].Trim();
        var value = part[(eq + 1)..];
        return key switch
        {
            "user" => this with { User = NonEmpty(resource, key, value) },
            "password" => this with { Password = value },
            "password_file" => this with { PasswordFile = AbsolutePath(resource, key, value) },
            "heartbeat" => this with { Heartbeat = OnOff(resource, key, value) },
            "heartbeat_db" => this with { HeartbeatDatabase = Identifier(resource, key, value) },
            "start_timeout" => this with { StartTimeout = Timeout(resource, key, value) },
            "stop_timeout" => this with { StopTimeout = Timeout(resource, key, value) },
            "monitor_timeout" => this with { MonitorTimeout = Timeout(resource, key, value), MonitorTimeoutGiven = true },
            "binary" => this with { Binary = AbsolutePath(resource, key, value) },
            "host" => this with { Host = NonEmpty(resource, key, value) },
            _ => throw Bad(resource, part,
                "known keys are user, password, password_file, heartbeat, heartbeat_db, start_timeout, stop_timeout, monitor_timeout, binary, host"),
        };
    }

    static ArgumentException Bad(string resource, string part, string hint) =>
        new($"mysql resource \"{resource}\": \"{part}\" is not understood; {hint}");

    static string NonEmpty(string resource, string key, string value) =>
        value.Trim().Length > 0 ? value.Trim() : throw Bad(resource, key + "=", "give it a value");

    static string AbsolutePath(string resource, string key, string value) =>
        value.StartsWith('/') ? value : throw Bad(resource, $"{key}={value}", "give an absolute path");

    static bool OnOff(string resource, string key, string value) => value.Trim().ToLowerInvariant() switch
    {
        "on" or "true" or "yes" or "1" => true,
        "off" or "false" or "no" or "0" => false,
        _ => throw Bad(resource, $"{key}={value}", "write on or off"),
    };

    /// <summary>A database name the agent can put in SQL unquoted-safe (it is quoted with backticks anyway).</summary>
    static string Identifier(string resource, string key, string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$')
            ? value : throw Bad(resource, $"{key}={value}", "use 1 to 64 letters, digits, '_' or '$'");

    static TimeSpan Timeout(string resource, string key, string value) =>
        Config.Duration.TryParse(value, out var d, out var error) && d > TimeSpan.Zero
            ? d : throw Bad(resource, $"{key}={value}", error.Length > 0 ? error : "give a duration longer than 0, such as \"30s\"");
}
