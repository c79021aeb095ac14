namespace Tandem.Resources.Agents.MySql;

/// <summary>Stop: SIGTERM, wait, SIGKILL. A server that does not run is stopped already.</summary>
public sealed partial class MySqlAgent
{
    /// <summary>
    /// Stops the server named by the pid file (or the process this agent started, if it has not written one yet):
    /// SIGTERM (and SIGCONT, so a stopped server can act on it), up to <see cref="MySqlAgentOptions.StopTimeout"/>
    /// for a clean shutdown, then SIGKILL. Fails only when the process survives SIGKILL.
    /// </summary>
    public async Task<MySqlAgentResult> StopAsync(CancellationToken ct)
    {
        var (settings, error) = LoadSettings();
        int? pid = settings is null ? null : MySqlProcess.RunningServer(settings.PidFile);
        if (pid is null && child is { HasExited: false } started && MySqlProcess.IsAlive(started.Id))
            pid = started.Id;
        if (pid is null)
        {
            if (settings is null)
            {
                log.StopFailed(Id, error);
                return MySqlAgentResult.Failed($"{error}; without it the server's pid file is unknown");
            }
            log.NotRunningAtStop(Id);
            return MySqlAgentResult.Ok;
        }
        var began = time.GetTimestamp();
        log.Stopping(Id, pid.Value);
        MySqlProcess.Signal(pid.Value, MySqlProcess.SigTerm);
        MySqlProcess.Signal(pid.Value, MySqlProcess.SigCont);
        if (await WaitExitAsync(pid.Value, Options.StopTimeout, ct))
        {
            log.Stopped(Id, pid.Value, time.GetElapsedTime(began).TotalSeconds);
            return MySqlAgentResult.Ok;
        }
        log.Killing(Id, pid.Value, time.GetElapsedTime(began).TotalSeconds);
        MySqlProcess.Signal(pid.Value, MySqlProcess.SigKill);
        if (await WaitExitAsync(pid.Value, KillWait, ct))
        {
            log.Stopped(Id, pid.Value, time.GetElapsedTime(began).TotalSeconds);
            return MySqlAgentResult.Ok;
        }
        var reason = $"mysqld pid {pid} is still there {Config.Duration.Format(KillWait)} after SIGKILL ({MySqlProcess.Describe(pid.Value)}); check the disk it waits on";
        log.StopFailed(Id, reason);
        return MySqlAgentResult.Failed(reason);
    }

    async Task<bool> WaitExitAsync(int pid, TimeSpan timeout, CancellationToken ct)
    {
        var began = time.GetTimestamp();
        while (MySqlProcess.IsAlive(pid))
        {
            if (time.GetElapsedTime(began) >= timeout)
                return false;
            await Task.Delay(PollInterval, time, ct);
        }
        return true;
    }
}
