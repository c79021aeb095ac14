using System.Globalization;

namespace Tandem.Resources.Agents.MySql;

/// <summary>
/// What the agent needs from a server's my.cnf, with mysqld's own defaults applied: relative pid-file and
/// log-error are inside datadir, an unset pid-file is <c>datadir/HOST.pid</c>.
/// </summary>
public sealed record MySqlServerSettings
{
    /// <summary>Debian's compiled-in defaults.</summary>
    public const string DefaultDataDir = "/var/lib/mysql";
    public const string DefaultSocket = "/run/mysqld/mysqld.sock";
    public const int DefaultPort = 3306;

    public required string DataDir { get; init; }
    public required string PidFile { get; init; }
    public required string Socket { get; init; }
    public required int Port { get; init; }

    /// <summary>Where the server logs errors; null when it logs to stderr.</summary>
    public string? LogError { get; init; }

    /// <summary>The address TCP clients use: bind-address, or 127.0.0.1 when the server binds to all or none.</summary>
    public string TcpHost { get; init; } = "127.0.0.1";

    public bool SkipNetworking { get; init; }

    /// <summary>The system user the server switches to (<c>user=</c>), null when unset.</summary>
    public string? User { get; init; }

    /// <summary>The settings of <paramref name="cnf"/>; <paramref name="hostName"/> names the default pid and log files.</summary>
    public static MySqlServerSettings From(MySqlCnf cnf, string? hostName = null)
    {
        var host = ShortHostName(hostName ?? Environment.MachineName);
        var dataDir = NonEmpty(cnf.Get("datadir")) ?? DefaultDataDir;
        string InData(string path) => Path.IsPathRooted(path) ? path : Path.Combine(dataDir, path);
        var pidFile = InData(NonEmpty(cnf.Get("pid-file")) ?? $"{host}.pid");
        string? logError = null;
        if (cnf.Has("log-error"))
        {
            var value = NonEmpty(cnf.Get("log-error")) ?? host;
            logError = InData(Path.HasExtension(value) ? value : value + ".err");
        }
        var port = int.TryParse(cnf.Get("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536
            ? p : DefaultPort;
        var bind = NonEmpty(cnf.Get("bind-address"));
        var tcpHost = bind is null or "0.0.0.0" or "::" or "*" ? "127.0.0.1" : bind.Split(',')[0].Trim();
        var skip = cnf.Has("skip-networking") && !IsOff(cnf.Get("skip-networking"));
        return new MySqlServerSettings
        {
            DataDir = dataDir,
            PidFile = pidFile,
            Socket = NonEmpty(cnf.Get("socket")) ?? DefaultSocket,
            Port = port,
            LogError = logError,
            TcpHost = tcpHost,
            SkipNetworking = skip,
            User = NonEmpty(cnf.Get("user")),
        };
    }

    /// <summary>mysqld names default files after the host name up to the first dot.</summary>
    static string ShortHostName(string name)
    {
        var dot = name.IndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static bool IsOff(string? value) => value is not null && value.Trim().ToLowerInvariant() is "0" or "off" or "false";
}
