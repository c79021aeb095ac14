using Tandem.Lab;
using System.Diagnostics;
using Tandem.Tests.Integration.Volume;
using Xunit.Abstractions;

namespace Tandem.Tests.Integration.Lab;

/// <summary>
/// One lab node alone with its volume: Primary in the daemon's private mount namespace (/dev/tandem/r0 is the
/// node's own, not the host's), ext4 and MariaDB on it, commits from the client namespace, then the node killed
/// with its FUSE mount and loop device in use, and the lab still removed without a trace.
/// </summary>
public sealed class LabVolumeTests(ITestOutputHelper output)
{
    [Fact]
    public void MariaDbOnASingleNodesVolumeTakesCommitsAndAKilledNodeLeavesNothingAfterTearDown()
    {
        LabNames names;
        var sw = Stopwatch.StartNew();
        void Mark(string what) => output.WriteLine($"{sw.Elapsed.TotalSeconds:0.0}s {what}");
        var pids = new List<int>();
        using (var lab = Tandem.Lab.Lab.Create(tandem: TandemNode.Executable))
        {
            names = lab.Names;
            var a = lab[LabNodeId.A];
            var config = lab.Layout.BootstrapConfigPath;
            a.CliOk(config, "volume", "create-md", LabLayout.Volume);
            a.StartDaemon(config);
            pids.Add(a.DaemonPid!.Value);
            a.CliOk(config, "volume", "up", LabLayout.Volume);
            a.CliOk(config, "volume", "primary", LabLayout.Volume, "--force");
            Assert.True(a.Run("test", "-b", LabLayout.Device).Ok, "no /dev/tandem/r0 inside the node");
            Assert.False(File.Exists(LabLayout.Device) && new FileInfo(LabLayout.Device).LinkTarget is not null
                && LabCleanup.LoopsUnder(names.Dir).Contains(new FileInfo(LabLayout.Device).LinkTarget), "the node's device link leaked to the host");
            Mark("primary");
            a.RunOk("mkfs.ext4", "-q", "-F", LabLayout.Device);
            a.RunOk("mount", LabLayout.Device, lab.Layout.MountPoint);
            // The ext4 and FUSE mounts are the node's own; the host sees only the pin of its mount namespace.
            Assert.Equal(MountNamespacePin.Under(names.Dir), LabCleanup.MountsUnder(names.Dir));
            Assert.Single(MountNamespacePin.Under(names.Dir));

            Mark("mounted");
            var db = lab.MariaDb[LabNodeId.A];
            db.Install();
            db.Start();
            db.CreateSchema();
            pids.Add(db.Pid!.Value);
            Assert.Contains(lab.Layout.DataDir, db.TryQuery("SELECT @@datadir")?.ToString());
            Assert.Contains("ext4", a.RunOk("findmnt", "-n", "-o", "FSTYPE", lab.Layout.MountPoint).Out);

            Mark("mariadb started");
            lab.Client.Start(LabNetwork.Lan(LabNodeId.A), TimeSpan.FromMilliseconds(5));
            lab.Client.WaitForAcks(100, TimeSpan.FromSeconds(90));
            Mark("commits done");
            lab.Client.Stop();
            var check = lab.Client.Check(LabNetwork.Lan(LabNodeId.A));
            Assert.True(check.Acknowledged >= 100);
            Assert.Equal(0, check.Lost);
            Assert.Equal(0, check.Phantoms);

            Mark("checked");
            Assert.NotEmpty(LabCleanup.LoopsUnder(names.Dir));
            var killed = a.KillEverything();
            Assert.Superset(pids.ToHashSet(), killed.ToHashSet());
        }
            Mark("torn down");
        LabLeftovers.AssertGone(names, pids);
    }
}
