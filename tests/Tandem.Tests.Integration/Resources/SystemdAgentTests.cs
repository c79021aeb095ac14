using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Resources.Agents;
using Tandem.Resources.Agents.MySql;
using Tandem.Resources.Specs;

namespace Tandem.Tests.Integration.Resources;

/// <summary>The <c>systemd:UNIT</c> agent against a real systemd (a user manager, see <see cref="UserSystemd"/>).</summary>
public sealed class SystemdAgentTests : IDisposable
{
    readonly UserSystemd _systemd = new();
    readonly string _unit = $"tandem-it-{Guid.NewGuid():N}"[..20] + ".service";

    public void Dispose() => _systemd.Dispose();

    IResourceAgent Agent(string unit) =>
        Assert.Single(new AgentFactory().CreateAll([ResourceSpecParser.Parse("systemd:" + unit)],
            new AgentContext("alpha", "web", _systemd.Runner, TimeProvider.System, NullLogger.Instance)));

    [Fact]
    public async Task A_unit_is_started_monitored_found_dead_restarted_and_stopped()
    {
        var marker = Path.Combine(_systemd.Dir, "env");
        _systemd.AddUnit(_unit, $"""
            [Service]
            ExecStart=/bin/sh -c 'echo "$$TANDEM_UNIT_NODE" > {marker}; exec sleep 600'
            Environment=TANDEM_UNIT_NODE=started-by-systemd
            """);
        var agent = Agent(_unit);

        var before = await AgentTestContext.Run(agent, AgentAction.Monitor);
        Assert.Equal(AgentOutcome.NotRunning, before.Outcome);
        Assert.Contains("inactive", before.Reason);

        Assert.Equal(AgentResult.Ok, await AgentTestContext.Run(agent, AgentAction.Start));
        Assert.Equal(AgentResult.Ok, await AgentTestContext.Run(agent, AgentAction.Monitor));
        var pid = _systemd.MainPid(_unit);
        Assert.True(MySqlProcess.IsAlive(pid), $"the unit's main process {pid} is not running");
        await AgentTestContext.Until(() => File.Exists(marker), "the unit's process to run");

        // The service dies behind systemd's back: the monitor sees the unit failed, and a start brings it back.
        MySqlProcess.Signal(pid, MySqlProcess.SigKill);
        await AgentTestContext.Until(() => _systemd.Systemctl("is-active", _unit).Out.Trim() == "failed", "systemd to notice");
        var dead = await AgentTestContext.Run(agent, AgentAction.Monitor);
        Assert.Equal(AgentOutcome.NotRunning, dead.Outcome);
        Assert.Contains("is failed", dead.Reason);
        Assert.Equal(AgentResult.Ok, await AgentTestContext.Run(agent, AgentAction.Start));
        var second = _systemd.MainPid(_unit);
        Assert.NotEqual(pid, second);
        Assert.Equal(AgentResult.Ok, await AgentTestContext.Run(agent, AgentAction.Monitor));

        Assert.Equal(AgentResult.Ok, await AgentTestContext.Run(agent, AgentAction.Stop));
        Assert.False(MySqlProcess.IsAlive(second), $"the unit's process {second} survived the stop");
        Assert.Equal(AgentOutcome.NotRunning, (await AgentTestContext.Run(agent, AgentAction.Monitor)).Outcome);
        Assert.Equal(AgentResult.Ok, await AgentTestContext.Run(agent, AgentAction.Stop));
    }

    [Fact]
    public async Task A_unit_that_does_not_exist_fails_to_start_and_counts_as_stopped()
    {
        var agent = Agent("tandem-no-such-unit.service");
        var start = await AgentTestContext.Run(agent, AgentAction.Start);
        Assert.Equal(AgentOutcome.Failed, start.Outcome);
        Assert.Contains("systemctl start tandem-no-such-unit.service", start.Reason);
        Assert.Contains("not found", start.Reason);
        Assert.Equal(AgentResult.Ok, await AgentTestContext.Run(agent, AgentAction.Stop));
        Assert.NotEqual(AgentOutcome.Ok, (await AgentTestContext.Run(agent, AgentAction.Monitor)).Outcome);
    }

    [Fact]
    public async Task A_unit_whose_start_fails_is_reported_with_systemctls_reason()
    {
        _systemd.AddUnit(_unit, "[Service]\nType=oneshot\nExecStart=/bin/false\n");
        var start = await AgentTestContext.Run(Agent(_unit), AgentAction.Start);
        Assert.Equal(AgentOutcome.Failed, start.Outcome);
        Assert.Contains($"systemctl start {_unit}: exit 1", start.Reason);
    }
}
