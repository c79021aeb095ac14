using Tandem.Resources.Specs;

namespace Tandem.Resources.Agents.MySql;

/// <summary>
/// The <c>mysql::</c> resource in a group: <see cref="MySqlAgent"/> behind <see cref="IResourceAgent"/>. It brings
/// its own timeouts (those of the resource string, whose defaults suit a database that may need minutes of crash
/// recovery to start), each a little longer than the agent's inner limit so the agent reports the reason itself.
/// </summary>
public sealed class MySqlResourceAgent : IResourceAgent
{
    static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);
    readonly MySqlSpec spec;
    readonly MySqlAgent agent;

    public MySqlResourceAgent(MySqlSpec spec, AgentContext context)
    {
        this.spec = spec;
        agent = new MySqlAgent(spec.Options, context.Log, context.Time, context.Node, context.Group);
    }

    public ResourceSpec Spec => spec;

    public ResourceTimeouts? Timeouts => new(
        spec.Options.StartTimeout + MySqlAgent.StartProbeTimeout + Margin,
        spec.Options.StopTimeout + MySqlAgent.KillWait + Margin,
        spec.Options.MonitorTimeout + Margin);

    public async Task<AgentResult> StartAsync(CancellationToken ct) => Map(await agent.StartAsync(ct));

    public async Task<AgentResult> StopAsync(CancellationToken ct) => Map(await agent.StopAsync(ct));

    public async Task<AgentResult> MonitorAsync(CancellationToken ct) => Map(await agent.MonitorAsync(ct));

    static AgentResult Map(MySqlAgentResult r) => r.Status switch
    {
        MySqlAgentStatus.Ok => AgentResult.Ok,
        MySqlAgentStatus.NotRunning => AgentResult.NotRunning(r.Reason),
        MySqlAgentStatus.TimedOut => AgentResult.TimedOut(r.Reason),
        _ => AgentResult.Failed(r.Reason),
    };
}
