using Microsoft.Extensions.Logging;

namespace Tandem.Resources.Agents.MySql;

/// <summary>Log events of the MySQL agent: ids 2080-2099 of the resources range.</summary>
static partial class MySqlLog
{
    [LoggerMessage(2080, LogLevel.Information, "{Resource}: starting {Binary} --defaults-file={Cnf}")]
    public static partial void Starting(this ILogger log, string resource, string binary, string cnf);

    [LoggerMessage(2081, LogLevel.Information, "{Resource}: mysqld pid {Pid} accepts connections after {Seconds:0.0} s")]
    public static partial void Started(this ILogger log, string resource, int pid, double seconds);

    [LoggerMessage(2082, LogLevel.Information, "{Resource}: mysqld already running as pid {Pid}")]
    public static partial void AlreadyRunning(this ILogger log, string resource, int pid);

    [LoggerMessage(2083, LogLevel.Error, "{Resource}: start failed: {Reason}")]
    public static partial void StartFailed(this ILogger log, string resource, string reason);

    [LoggerMessage(2084, LogLevel.Information, "{Resource}: stopping mysqld pid {Pid} (SIGTERM)")]
    public static partial void Stopping(this ILogger log, string resource, int pid);

    [LoggerMessage(2085, LogLevel.Information, "{Resource}: mysqld pid {Pid} exited after {Seconds:0.0} s")]
    public static partial void Stopped(this ILogger log, string resource, int pid, double seconds);

    [LoggerMessage(2086, LogLevel.Warning, "{Resource}: mysqld pid {Pid} still running {Seconds:0.0} s after SIGTERM; sending SIGKILL")]
    public static partial void Killing(this ILogger log, string resource, int pid, double seconds);

    [LoggerMessage(2087, LogLevel.Information, "{Resource}: stop: no mysqld running")]
    public static partial void NotRunningAtStop(this ILogger log, string resource);

    [LoggerMessage(2088, LogLevel.Warning, "{Resource}: monitor {Old} -> {New}: {Reason}")]
    public static partial void MonitorChanged(this ILogger log, string resource, MySqlAgentStatus old, MySqlAgentStatus @new, string reason);

    [LoggerMessage(2089, LogLevel.Warning, "{Resource}: {Cnf}: {Warning}")]
    public static partial void CnfWarning(this ILogger log, string resource, string cnf, string warning);

    [LoggerMessage(2090, LogLevel.Information, "{Resource}: heartbeat table {Table} ready")]
    public static partial void HeartbeatTableReady(this ILogger log, string resource, string table);

    [LoggerMessage(2091, LogLevel.Error, "{Resource}: stop failed: {Reason}")]
    public static partial void StopFailed(this ILogger log, string resource, string reason);

    [LoggerMessage(2092, LogLevel.Information, "{Resource}: monitor {Old} -> {New}: answers again")]
    public static partial void MonitorRecovered(this ILogger log, string resource, MySqlAgentStatus old, MySqlAgentStatus @new);
}
