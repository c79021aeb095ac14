using Tandem.Resources.Processes;
using Tandem.Resources.Specs;

namespace Tandem.Resources.Agents.Script;

/// <summary>
/// An LSB init script or a Heartbeat resource.d script. Heartbeat scripts get the arguments, then the action
/// (<c>IPaddr2 10.0.0.1 start</c>); init scripts get the action (arguments, if any, come first as well).
/// </summary>
public sealed class ScriptAgent(ScriptSpec spec, AgentContext context, ScriptLocator? locator = null) : IResourceAgent
{
    readonly ScriptLocator _locator = locator ?? ScriptLocator.Default;

    public ResourceSpec Spec => spec;

    public async Task<AgentResult> StartAsync(CancellationToken ct)
    {
        if (Find() is not { } script)
            return AgentResult.Failed(NotFound());
        var r = await RunAsync(script.Path, "start", ct);
        return r.ExitCode == 0 ? AgentResult.Ok : AgentResult.Failed($"{spec.Name} start: {r.Describe()}");
    }

    public async Task<AgentResult> StopAsync(CancellationToken ct)
    {
        // A script that is not installed cannot have started anything.
        if (Find() is not { } script)
            return AgentResult.Ok;
        var r = await RunAsync(script.Path, "stop", ct);
        return r.ExitCode == 0 ? AgentResult.Ok : AgentResult.Failed($"{spec.Name} stop: {r.Describe()}");
    }

    public async Task<AgentResult> MonitorAsync(CancellationToken ct)
    {
        if (Find() is not { } script)
            return AgentResult.Failed(NotFound());
        var r = await RunAsync(script.Path, "status", ct);
        return script.Style == ScriptStyle.Lsb ? LsbStatus(r) : HeartbeatStatus(r);
    }

    (string Path, ScriptStyle Style)? Find() => _locator.Find(spec.Name);

    string NotFound() => spec.IsPath
        ? $"script {spec.Name} does not exist; install it or fix the path"
        : $"script {spec.Name} is not in {_locator.Describe()}; install it there or name it by its absolute path";

    Task<ProcessResult> RunAsync(string path, string action, CancellationToken ct) =>
        context.RunAsync(path, [.. spec.Arguments, action], ct);

    /// <summary>LSB status: 0 running, 1 dead with pid file, 2 dead with lock file, 3 not running, 4 unknown.</summary>
    internal static AgentResult LsbStatus(ProcessResult r) => r.ExitCode switch
    {
        0 => AgentResult.Ok,
        1 or 2 or 3 => AgentResult.NotRunning($"status: {r.Describe()}"),
        _ => AgentResult.Failed($"status: {r.Describe()}"),
    };

    /// <summary>Heartbeat resource.d status: running when it prints "running" (not "not running") or "OK".</summary>
    internal static AgentResult HeartbeatStatus(ProcessResult r)
    {
        var text = r.Stdout + "\n" + r.Stderr;
        var running = (text.Contains("running", StringComparison.OrdinalIgnoreCase) && !text.Contains("not running", StringComparison.OrdinalIgnoreCase))
            || text.Split((char[])[' ', '\n', '\t', ':', '.'], StringSplitOptions.RemoveEmptyEntries).Contains("OK");
        if (r.ExitCode == ProcessResult.CannotRun)
            return AgentResult.Failed($"status: {r.Describe()}");
        return running ? AgentResult.Ok : AgentResult.NotRunning($"status: {r.Describe()}");
    }
}
