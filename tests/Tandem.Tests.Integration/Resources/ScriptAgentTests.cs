using Tandem.Resources.Agents;
using Tandem.Resources.Agents.Script;
using Tandem.Resources.Specs;
using static Tandem.Tests.Integration.Resources.AgentTestContext;

namespace Tandem.Tests.Integration.Resources;

/// <summary>LSB init scripts and Heartbeat resource.d scripts run as real processes.</summary>
public sealed class ScriptAgentTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("tandem-script-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string dir, string name, string body)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(_dir, dir)).FullName, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    ScriptLocator Locator => new([(Path.Combine(_dir, "resource.d"), ScriptStyle.Heartbeat), (Path.Combine(_dir, "init.d"), ScriptStyle.Lsb)]);

    [Fact]
    public async Task A_heartbeat_script_gets_its_arguments_then_the_action_and_the_tandem_environment()
    {
        var log = Path.Combine(_dir, "calls");
        var flag = Path.Combine(_dir, "running");
        Write("resource.d", "svc", $"""
            echo "$* node=$TANDEM_NODE group=$TANDEM_GROUP" >> {log}
            case "$3" in
              start) touch {flag} ;;
              stop) rm -f {flag} ;;
              status) if [ -e {flag} ]; then echo "svc is running"; else echo "svc is stopped"; fi ;;
            esac
            exit 0
            """);
        var agent = new ScriptAgent((ScriptSpec)ResourceSpecParser.Parse("svc::one::two"), For("db-1", group: "web"), Locator);
        Assert.Equal(AgentOutcome.NotRunning, (await Run(agent, AgentAction.Monitor)).Outcome);
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Start));
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Monitor));
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Stop));
        Assert.Equal(AgentOutcome.NotRunning, (await Run(agent, AgentAction.Monitor)).Outcome);
        Assert.Equal("one two start node=db-1 group=web", File.ReadAllLines(log)[1]);
    }

    [Fact]
    public async Task An_lsb_script_is_read_by_its_exit_codes()
    {
        var flag = Path.Combine(_dir, "running");
        Write("init.d", "daemon", $"""
            case "$1" in
              start) touch {flag}; exit 0 ;;
              stop) rm -f {flag}; exit 0 ;;
              status) [ -e {flag} ] && exit 0; exit 3 ;;
            esac
            exit 2
            """);
        var agent = new ScriptAgent((ScriptSpec)ResourceSpecParser.Parse("daemon"), For("n1"), Locator);
        Assert.Equal(AgentOutcome.NotRunning, (await Run(agent, AgentAction.Monitor)).Outcome);
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Start));
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Monitor));
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Stop));
        Assert.Equal(AgentOutcome.NotRunning, (await Run(agent, AgentAction.Monitor)).Outcome);
    }

    [Fact]
    public async Task A_failing_start_reports_the_scripts_message_and_a_hung_one_is_killed_at_its_timeout()
    {
        var pidFile = Path.Combine(_dir, "pid");
        var path = Write("bin", "bad", $"""
            case "$1" in
              start) echo "cannot bind port 80" >&2; exit 1 ;;
              stop) echo $$ > {pidFile}; exec sleep 600 ;;
            esac
            """);
        var agent = new ScriptAgent((ScriptSpec)ResourceSpecParser.Parse(path), For("n1"), Locator);
        var start = await Run(agent, AgentAction.Start);
        Assert.Equal(AgentResult.Failed($"{path} start: exit 1: cannot bind port 80"), start);

        var stop = await Run(agent, AgentAction.Stop, seconds: 2);
        Assert.Equal(AgentOutcome.TimedOut, stop.Outcome);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        await Until(() => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z"), "the hung script to be killed");
    }

    [Fact]
    public async Task A_script_that_is_not_installed_says_where_it_was_looked_for()
    {
        var agent = new ScriptAgent((ScriptSpec)ResourceSpecParser.Parse("nothere::x"), For("n1"), Locator);
        var r = await Run(agent, AgentAction.Start);
        Assert.Equal(AgentOutcome.Failed, r.Outcome);
        Assert.Contains("script nothere is not in", r.Reason);
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Stop));
    }
}
