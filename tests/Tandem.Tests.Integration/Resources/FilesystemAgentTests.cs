using Tandem.Resources.Agents;
using Tandem.Resources.Agents.Filesystem;
using Tandem.Resources.Specs;
using Tandem.Tests.Integration.Volume;
using static Tandem.Tests.Integration.Resources.AgentTestContext;

namespace Tandem.Tests.Integration.Resources;

/// <summary>The Filesystem agent on a real ext4 image on a loop device.</summary>
public class FilesystemAgentTests
{
    static FilesystemAgent Agent(LoopFilesystem fs) =>
        new((FilesystemSpec)ResourceSpecParser.Parse($"Filesystem::{fs.Device}::{fs.MountPoint}::ext4::noatime"), For("n1"))
        {
            TermGrace = TimeSpan.FromSeconds(2),
        };

    [Fact]
    public async Task Mounts_monitors_and_unmounts()
    {
        using var fs = new LoopFilesystem();
        var agent = Agent(fs);
        Assert.Equal(AgentOutcome.NotRunning, (await Run(agent, AgentAction.Monitor)).Outcome);
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Start));
        Assert.True(fs.Mounted);
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Start)); // mounted already: success
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Monitor));
        Assert.Empty(Directory.GetFiles(fs.MountPoint, ".tandem-probe-*")); // the probe file is cleaned up

        Proc.Ok("mount", "-o", "remount,ro", fs.MountPoint);
        var ro = await Run(agent, AgentAction.Monitor);
        Assert.Equal(AgentOutcome.Failed, ro.Outcome);
        Assert.Contains("read-only", ro.Reason);
        Proc.Ok("mount", "-o", "remount,rw", fs.MountPoint);

        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Stop));
        Assert.False(fs.Mounted);
        Assert.Equal(AgentOutcome.NotRunning, (await Run(agent, AgentAction.Monitor)).Outcome);
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Stop));
    }

    [Fact]
    public async Task Stop_kills_the_processes_holding_the_mount_then_unmounts()
    {
        using var fs = new LoopFilesystem();
        var agent = Agent(fs);
        Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Start));
        // One holder with a file open, one that ignores SIGTERM and sits in the mount as its working directory.
        var open = fs.Hold($"exec 3>{fs.MountPoint}/held; exec sleep 600");
        var stubborn = fs.Hold($"trap '' TERM; cd {fs.MountPoint}; while true; do sleep 1; done");
        await Until(() => Proc.Run("umount", [fs.MountPoint]).Exit != 0 || !fs.Mounted, "the holders to hold the mount");
        Assert.True(fs.Mounted, "the mount should be busy");

        var r = await Run(agent, AgentAction.Stop);
        Assert.Equal(AgentResult.Ok, r);
        Assert.False(fs.Mounted);
        Assert.True(open.WaitForExit(5000), "the process with the open file was not killed");
        Assert.True(stubborn.WaitForExit(5000), "the process ignoring SIGTERM was not killed");
    }

    [Fact]
    public async Task A_directory_with_another_filesystem_is_refused_and_reported()
    {
        using var fs = new LoopFilesystem();
        using var other = new LoopFilesystem();
        Directory.CreateDirectory(fs.MountPoint);
        Proc.Ok("mount", other.Device, fs.MountPoint);
        try
        {
            var agent = Agent(fs);
            var start = await Run(agent, AgentAction.Start);
            Assert.Equal(AgentOutcome.Failed, start.Outcome);
            Assert.Contains("already has", start.Reason);
            var monitor = await Run(agent, AgentAction.Monitor);
            Assert.Equal(AgentOutcome.Failed, monitor.Outcome);
            Assert.Contains($"not {fs.Device}", monitor.Reason);
            Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Stop)); // not ours: left alone
            Assert.True(fs.Mounted);
        }
        finally
        {
            Proc.Run("umount", [fs.MountPoint]);
        }
    }
}
