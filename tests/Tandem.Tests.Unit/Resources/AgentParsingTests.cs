using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Resources.Agents;
using Tandem.Resources.Agents.Filesystem;
using Tandem.Resources.Agents.IpAddress;
using Tandem.Resources.Agents.Ocf;
using Tandem.Resources.Agents.Script;
using Tandem.Resources.Agents.Systemd;
using Tandem.Resources.Processes;
using Tandem.Resources.Specs;

namespace Tandem.Tests.Unit.Resources;

/// <summary>How agents read the output of the programs they run.</summary>
public class AgentParsingTests
{
    [Fact]
    public void Ip_addr_output_with_secondary_addresses_labels_and_other_families()
    {
        const string output = """
            1: lo    inet 127.0.0.1/8 scope host lo\       valid_lft forever preferred_lft forever
            3: eth1    inet 192.168.0.10/24 brd 192.168.0.255 scope global eth1\       valid_lft forever preferred_lft forever
            3: eth1    inet 192.168.0.88/24 brd 192.168.0.255 scope global secondary eth1:0\       valid_lft forever preferred_lft forever
            4: veth0@if5    inet 10.0.0.1/30 scope global veth0\       valid_lft forever preferred_lft forever
            3: eth1    inet6 fe80::1/64 scope link \       valid_lft forever preferred_lft forever
            garbage
            """;
        var entries = IpAddrEntry.Parse(output);
        Assert.Equal(4, entries.Count);
        Assert.Equal(new IpAddrEntry("eth1", IPAddress.Parse("192.168.0.88"), 24, "eth1:0"), entries[2]);
        Assert.Null(entries[1].Label);
        Assert.Equal("veth0", entries[3].Interface);
        Assert.True(entries[1].Contains(IPAddress.Parse("192.168.0.200")));
        Assert.False(entries[1].Contains(IPAddress.Parse("192.168.1.1")));
    }

    [Theory]
    [InlineData("3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500", null)]
    [InlineData("3: eth1: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500", "no carrier")]
    [InlineData("3: eth1: <BROADCAST,MULTICAST> mtu 1500", "administratively down")]
    [InlineData("nonsense", "cannot read")]
    public void Link_flags(string line, string? problem)
    {
        var p = LinkFlags.Problem(line);
        if (problem is null)
            Assert.Null(p);
        else
            Assert.Contains(problem, p);
    }

    [Fact]
    public void Mountinfo_lines_with_optional_fields_and_escapes()
    {
        var m = MountEntry.Parse("36 35 7:3 / /srv/my\\040data rw,noatime shared:1 master:2 - ext4 /dev/loop3 rw,errors=remount-ro");
        Assert.NotNull(m);
        Assert.Equal((36, 7u, 3u, "/srv/my data", "ext4", "/dev/loop3", false), (m.Id, m.Major, m.Minor, m.MountPoint, m.FsType, m.Source, m.ReadOnly));
        Assert.True(MountEntry.Parse("36 35 7:3 / /data ro,noatime - ext4 /dev/loop3 ro")!.ReadOnly);
        Assert.Null(MountEntry.Parse(""));
        Assert.Null(MountEntry.Parse("36 35 7:3 / /data"));
        Assert.Null(MountEntry.Parse("x 35 7:3 / /data rw - ext4 /dev/loop3 rw"));
    }

    [Theory]
    [InlineData(0, "", AgentOutcome.Ok)]
    [InlineData(3, "", AgentOutcome.NotRunning)]
    [InlineData(1, "", AgentOutcome.NotRunning)]
    [InlineData(4, "", AgentOutcome.Failed)]
    [InlineData(127, "", AgentOutcome.Failed)]
    public void Lsb_status_codes(int exit, string output, AgentOutcome expected)
    {
        Assert.Equal(expected, ScriptAgent.LsbStatus(new ProcessResult(exit, output, "")).Outcome);
    }

    [Theory]
    [InlineData(0, "httpd is running", AgentOutcome.Ok)]
    [InlineData(0, "OK", AgentOutcome.Ok)]
    [InlineData(0, "httpd is not running", AgentOutcome.NotRunning)]
    [InlineData(0, "stopped", AgentOutcome.NotRunning)]
    [InlineData(3, "", AgentOutcome.NotRunning)]
    [InlineData(127, "", AgentOutcome.Failed)]
    public void Heartbeat_status_output(int exit, string output, AgentOutcome expected)
    {
        Assert.Equal(expected, ScriptAgent.HeartbeatStatus(new ProcessResult(exit, output, "")).Outcome);
    }

    [Fact]
    public void Ocf_exit_codes_have_their_names()
    {
        Assert.Equal("OCF_NOT_RUNNING", OcfExitCode.Name(7));
        Assert.Equal("OCF_ERR_CONFIGURED", OcfExitCode.Name(6));
        Assert.Equal("exit 42", OcfExitCode.Name(42));
    }

    [Theory]
    [InlineData("active\n", 0, AgentOutcome.Ok)]
    [InlineData("activating\n", 3, AgentOutcome.Ok)]
    [InlineData("inactive\n", 3, AgentOutcome.NotRunning)]
    [InlineData("failed\n", 3, AgentOutcome.NotRunning)]
    [InlineData("", 1, AgentOutcome.Failed)]
    public async Task Systemd_is_active(string stdout, int exit, AgentOutcome expected)
    {
        var runner = new FakeRunner(_ => new ProcessResult(exit, stdout, ""));
        var agent = new SystemdAgent((SystemdSpec)ResourceSpecParser.Parse("systemd:nginx.service"), Context(runner));
        Assert.Equal(expected, (await agent.MonitorAsync(CancellationToken.None)).Outcome);
        Assert.Equal("systemctl is-active nginx.service", runner.Commands.Single().ToString());
        Assert.Equal("n1", runner.Commands.Single().Environment["TANDEM_NODE"]);
        Assert.Equal("g", runner.Commands.Single().Environment["TANDEM_GROUP"]);
    }

    [Fact]
    public async Task Systemd_start_and_stop()
    {
        var runner = new FakeRunner(c => new ProcessResult(c.Arguments.Contains("stop") ? 5 : 0, "", ""));
        var agent = new SystemdAgent((SystemdSpec)ResourceSpecParser.Parse("systemd:nginx"), Context(runner));
        Assert.Equal(AgentResult.Ok, await agent.StartAsync(CancellationToken.None));
        Assert.Equal(AgentResult.Ok, await agent.StopAsync(CancellationToken.None)); // 5: not loaded, so not running
        Assert.Equal(["systemctl --no-ask-password start nginx", "systemctl --no-ask-password stop nginx"], runner.Commands.Select(c => c.ToString()));
    }

    [Fact]
    public void Process_result_summary_is_the_last_line_of_stderr_else_stdout()
    {
        Assert.Equal("exit 1: second", new ProcessResult(1, "out", "first\nsecond\n\n").Describe());
        Assert.Equal("exit 2: out", new ProcessResult(2, "out\n", "").Describe());
        Assert.Equal("exit 3", new ProcessResult(3, "", " \n").Describe());
    }

    static AgentContext Context(IProcessRunner runner) => new("n1", "g", runner, TimeProvider.System, NullLogger.Instance);

    sealed class FakeRunner(Func<ProcessCommand, ProcessResult> answer) : IProcessRunner
    {
        public List<ProcessCommand> Commands { get; } = [];

        public Task<ProcessResult> RunAsync(ProcessCommand command, CancellationToken ct)
        {
            Commands.Add(command);
            return Task.FromResult(answer(command));
        }
    }
}
