using Tandem.Resources.Specs;

namespace Tandem.Resources.Agents.Systemd;

/// <summary>A systemd unit: <c>systemctl start</c>, <c>systemctl stop</c>, <c>systemctl is-active</c>.</summary>
public sealed class SystemdAgent(SystemdSpec spec, AgentContext context) : IResourceAgent
{
    public const string Systemctl = "systemctl";

    public ResourceSpec Spec => spec;

    public async Task<AgentResult> StartAsync(CancellationToken ct)
    {
        var r = await context.RunAsync(Systemctl, ["--no-ask-password", "start", spec.Unit], ct);
        return r.ExitCode == 0 ? AgentResult.Ok : AgentResult.Failed($"systemctl start {spec.Unit}: {r.Describe()}");
    }

    public async Task<AgentResult> StopAsync(CancellationToken ct)
    {
        var r = await context.RunAsync(Systemctl, ["--no-ask-password", "stop", spec.Unit], ct);
        // 5: the unit is not loaded, so it is not running either.
        return r.ExitCode is 0 or 5 ? AgentResult.Ok : AgentResult.Failed($"systemctl stop {spec.Unit}: {r.Describe()}");
    }

    public async Task<AgentResult> MonitorAsync(CancellationToken ct)
    {
        var r = await context.RunAsync(Systemctl, ["is-active", spec.Unit], ct);
        var state = r.Stdout.Trim();
        return state switch
        {
            "active" or "reloading" or "activating" or "refreshing" => AgentResult.Ok,
            "inactive" or "deactivating" or "failed" => AgentResult.NotRunning($"{spec.Unit} is {state}"),
            _ => AgentResult.Failed($"systemctl is-active {spec.Unit}: {(state.Length > 0 ? state + ", " : "")}{r.Describe()}"),
        };
    }
}
