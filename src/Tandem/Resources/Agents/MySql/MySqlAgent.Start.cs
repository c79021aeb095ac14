using System.Diagnostics;

namespace Tandem.Resources.Agents.MySql;

/// <summary>Start: launch the server detached and wait until it accepts connections.</summary>
public sealed partial class MySqlAgent
{
    /// <summary>
    /// Starts the server unless it already runs, then waits up to <see cref="MySqlAgentOptions.StartTimeout"/>
    /// for it to answer a query. A server that exits or never answers fails the start with the tail of its log.
    /// </summary>
    public async Task<MySqlAgentResult> StartAsync(CancellationToken ct)
    {
        var result = await StartOnceAsync(ct);
        if (!result.IsOk)
            log.StartFailed(Id, result.Reason);
        return result;
    }

    async Task<MySqlAgentResult> StartOnceAsync(CancellationToken ct)
    {
        var (settings, error) = LoadSettings();
        if (settings is null)
            return MySqlAgentResult.Failed(error);
        var began = time.GetTimestamp();
        if (MySqlProcess.RunningServer(settings.PidFile) is { } running)
        {
            log.AlreadyRunning(Id, running);
            return await WaitReadyAsync(settings, null, began, 0, ct);
        }
        if (!Directory.Exists(settings.DataDir))
            return MySqlAgentResult.Failed($"datadir {settings.DataDir} does not exist; create it with mariadb-install-db --datadir={settings.DataDir}, or fix datadir in {Options.CnfPath}");
        if (!Directory.Exists(Path.Combine(settings.DataDir, "mysql")))
            return MySqlAgentResult.Failed($"datadir {settings.DataDir} holds no system tables (no mysql/ directory); initialise it with mariadb-install-db --datadir={settings.DataDir}, or mount the volume first");
        var binary = Options.Binary ?? MySqlBinary.Find();
        if (binary is null || !File.Exists(binary))
            return MySqlAgentResult.Failed($"no mariadbd or mysqld found in /usr/sbin or PATH; install mariadb-server, or give binary=PATH in the mysql:: resource");
        MySqlRuntimeDirs.Prepare(settings);
        var logOffset = LengthOf(settings.LogError);
        var output = MySqlRuntimeDirs.ConsoleFile(Options.CnfPath);
        log.Starting(Id, binary, Options.CnfPath);
        try
        {
            child?.Dispose();
            child = Launch(binary, output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return MySqlAgentResult.Failed($"cannot run {binary}: {e.Message}");
        }
        return await WaitReadyAsync(settings, output, began, logOffset, ct);
    }

    /// <summary>
    /// Runs <paramref name="binary"/> in a session of its own (so signals for Tandem's process group do not reach
    /// it, and it outlives a restart of Tandem), stdin from /dev/null and stdout/stderr to <paramref name="output"/>,
    /// with TANDEM_NODE and TANDEM_GROUP in its environment like every agent's program.
    /// </summary>
    Process Launch(string binary, string output)
    {
        File.WriteAllText(output, $"tandem: {time.GetUtcNow():O} starting {binary} --defaults-file={Options.CnfPath}\n");
        var psi = new ProcessStartInfo
        {
            FileName = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "/bin/sh",
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (psi.FileName != "/bin/sh")
            psi.ArgumentList.Add("/bin/sh");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >>\"$TANDEM_MYSQLD_OUTPUT\" 2>&1");
        psi.ArgumentList.Add(binary);
        psi.ArgumentList.Add($"--defaults-file={Options.CnfPath}");
        psi.Environment["TANDEM_MYSQLD_OUTPUT"] = output;
        psi.Environment["TANDEM_NODE"] = node;
        if (group is not null)
            psi.Environment["TANDEM_GROUP"] = group;
        return Process.Start(psi) ?? throw new IOException("the process did not start");
    }

    async Task<MySqlAgentResult> WaitReadyAsync(MySqlServerSettings s, string? output, long began, long logOffset, CancellationToken ct)
    {
        string Logs() => string.Join(" | ", new[] { Tail(s.LogError, logOffset), Tail(output, 0) }.Where(t => t.Length > 0));
        var last = MySqlAgentResult.TimedOut("no answer yet");
        while (time.GetElapsedTime(began) < Options.StartTimeout)
        {
            if (child is { HasExited: true } exited && MySqlProcess.RunningServer(s.PidFile) is null)
                return MySqlAgentResult.Failed($"mysqld exited with status {exited.ExitCode} while starting; its log says: {Logs()}");
            var remaining = Options.StartTimeout - time.GetElapsedTime(began);
            (last, var error) = await ProbeAsync(s, remaining < StartProbeTimeout ? remaining : StartProbeTimeout, heartbeat: false, ct);
            if (last.IsOk)
            {
                var pid = MySqlProcess.ReadPidFile(s.PidFile) ?? child?.Id ?? 0;
                log.Started(Id, pid, time.GetElapsedTime(began).TotalSeconds);
                return last;
            }
            if (error == MySqlConnector.MySqlErrorCode.AccessDenied)
                return MySqlAgentResult.Failed($"mysqld is up but {last.Reason}");
            await Task.Delay(PollInterval, time, ct);
        }
        return MySqlAgentResult.TimedOut(
            $"mysqld did not accept connections within {Config.Duration.Format(Options.StartTimeout)} ({last.Reason}); its log says: {Logs()}");
    }
}
