using Tandem.Resources.Processes;
using Tandem.Resources.Specs;

namespace Tandem.Resources.Agents.Ocf;

/// <summary>
/// An OCF resource agent, <c>$OCF_ROOT/resource.d/PROVIDER/TYPE ACTION</c>, parameters in <c>OCF_RESKEY_*</c>.
/// Exit 0 is success, 7 is "not running" (a success for stop), anything else a failure.
/// </summary>
public sealed class OcfAgent(OcfSpec spec, AgentContext context, string instance, string? ocfRoot = null) : IResourceAgent
{
    public const string DefaultRoot = "/usr/lib/ocf";

    public string Root { get; } = ocfRoot ?? DefaultRoot;

    public string Path => $"{Root}/resource.d/{spec.Provider}/{spec.Type}";

    public ResourceSpec Spec => spec;

    /// <summary>OCF_RESOURCE_INSTANCE: the resource's name in the cluster.</summary>
    public string Instance => instance;

    public async Task<AgentResult> StartAsync(CancellationToken ct)
    {
        if (!File.Exists(Path))
            return AgentResult.Failed(NotInstalled());
        var r = await RunAsync("start", ct);
        return r.ExitCode == OcfExitCode.Success ? AgentResult.Ok : AgentResult.Failed(Describe("start", r));
    }

    public async Task<AgentResult> StopAsync(CancellationToken ct)
    {
        if (!File.Exists(Path))
            return AgentResult.Ok; // not installed: cannot be running
        var r = await RunAsync("stop", ct);
        return r.ExitCode is OcfExitCode.Success or OcfExitCode.NotRunning ? AgentResult.Ok : AgentResult.Failed(Describe("stop", r));
    }

    public async Task<AgentResult> MonitorAsync(CancellationToken ct)
    {
        if (!File.Exists(Path))
            return AgentResult.Failed(NotInstalled());
        var r = await RunAsync("monitor", ct);
        return r.ExitCode switch
        {
            OcfExitCode.Success => AgentResult.Ok,
            OcfExitCode.NotRunning => AgentResult.NotRunning(Describe("monitor", r)),
            _ => AgentResult.Failed(Describe("monitor", r)),
        };
    }

    /// <summary>The OCF environment of one call (OCF Resource Agent API, "Environment variables").</summary>
    public IReadOnlyDictionary<string, string> Environment(string action)
    {
        var env = new Dictionary<string, string>
        {
            ["OCF_ROOT"] = Root,
            ["OCF_FUNCTIONS_DIR"] = $"{Root}/lib/heartbeat",
            ["OCF_RA_VERSION_MAJOR"] = "1",
            ["OCF_RA_VERSION_MINOR"] = "1",
            ["OCF_RESOURCE_INSTANCE"] = instance,
            ["OCF_RESOURCE_TYPE"] = spec.Type,
            ["OCF_RESOURCE_PROVIDER"] = spec.Provider,
        };
        if (action == "monitor")
            env["OCF_CHECK_LEVEL"] = "0";
        foreach (var (k, v) in spec.Parameters)
            env["OCF_RESKEY_" + k] = v;
        return env;
    }

    Task<ProcessResult> RunAsync(string action, CancellationToken ct) =>
        context.Runner.RunAsync(context.Command(Path, [action], Environment(action)), ct);

    string Describe(string action, ProcessResult r) =>
        $"{spec.Kind} {action}: {OcfExitCode.Name(r.ExitCode)}{(r.Summary.Length > 0 ? ": " + r.Summary : "")}";

    string NotInstalled() => $"OCF agent {Path} does not exist; install the package that provides it (resource-agents for ocf:heartbeat:*) or fix the name";
}
