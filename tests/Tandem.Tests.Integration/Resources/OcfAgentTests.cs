using Tandem.Resources.Agents;
using Tandem.Resources.Agents.Ocf;
using Tandem.Resources.Specs;
using static Tandem.Tests.Integration.Resources.AgentTestContext;

namespace Tandem.Tests.Integration.Resources;

/// <summary>Real OCF agents from Debian's resource-agents package, driven through the OCF API.</summary>
public sealed class OcfAgentTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("tandem-ocf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Dummy_starts_reports_running_stops_and_reports_not_running()
    {
        Assert.True(File.Exists("/usr/lib/ocf/resource.d/heartbeat/Dummy"), "install resource-agents (scripts/lib/deps.sh)");
        var state = Path.Combine(_dir, "dummy.state");
        var spec = (OcfSpec)ResourceSpecParser.Parse($"ocf:heartbeat:Dummy::state={state}");
        var agent = new OcfAgent(spec, For("n1"), "g_Dummy");

        Assert.Equal(AgentOutcome.NotRunning, (await Run(agent, AgentAction.Monitor)).Outcome);
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Start));
        Assert.True(File.Exists(state)); // OCF_RESKEY_state reached the agent
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Monitor));
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Stop));
        var after = await Run(agent, AgentAction.Monitor);
        Assert.Equal(AgentOutcome.NotRunning, after.Outcome);
        Assert.Contains("OCF_NOT_RUNNING", after.Reason);
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Stop)); // stopping a stopped resource succeeds
    }

    [Fact]
    public async Task An_agent_that_fails_reports_the_OCF_code()
    {
        // Dummy validates that its state directory is writable before it starts.
        var spec = (OcfSpec)ResourceSpecParser.Parse("ocf:heartbeat:Dummy::state=/nonexistent/dir/x.state");
        var r = await Run(new OcfAgent(spec, For("n1"), "g_Dummy"), AgentAction.Start);
        Assert.Equal(AgentOutcome.Failed, r.Outcome);
        Assert.Contains("ocf:heartbeat:Dummy start: OCF_ERR_", r.Reason);
    }

    [Fact]
    public async Task The_environment_carries_the_node_group_instance_and_parameters()
    {
        var root = Path.Combine(_dir, "ocf");
        var agentDir = Directory.CreateDirectory(Path.Combine(root, "resource.d", "test")).FullName;
        var dump = Path.Combine(_dir, "env");
        var script = Path.Combine(agentDir, "envdump");
        File.WriteAllText(script, $"#!/bin/sh\nenv | sort > {dump}\necho \"$1\" >> {dump}\nexit 0\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        var spec = (OcfSpec)ResourceSpecParser.Parse("ocf:test:envdump::ip=10.0.0.1::name=a b");
        var agent = new OcfAgent(spec, For("db-1", group: "mysql"), "mysql_envdump", root);
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Monitor));
        var env = File.ReadAllLines(dump);
        Assert.Contains("TANDEM_NODE=db-1", env);
        Assert.Contains("TANDEM_GROUP=mysql", env);
        Assert.Contains($"OCF_ROOT={root}", env);
        Assert.Contains("OCF_RESOURCE_INSTANCE=mysql_envdump", env);
        Assert.Contains("OCF_RESKEY_ip=10.0.0.1", env);
        Assert.Contains("OCF_RESKEY_name=a b", env);
        Assert.Equal("monitor", env[^1]);
    }

    [Fact]
    public async Task A_missing_agent_cannot_start_but_counts_as_stopped()
    {
        var agent = new OcfAgent((OcfSpec)ResourceSpecParser.Parse("ocf:nobody:Nothing"), For("n1"), "g_Nothing");
        var start = await Run(agent, AgentAction.Start);
        Assert.Equal(AgentOutcome.Failed, start.Outcome);
        Assert.Contains("does not exist; install", start.Reason);
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Stop));
    }
}
