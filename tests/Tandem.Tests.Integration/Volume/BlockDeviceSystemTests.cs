using System.Security.Cryptography;

namespace Tandem.Tests.Integration.Volume;

/// <summary>The volume as the kernel sees it: /dev/tandem/NAME with ext4 on it, across role changes.</summary>
public sealed class BlockDeviceSystemTests : IDisposable
{
    readonly TandemNode _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public void Ext4_files_survive_unmount_demote_promote_and_remount()
    {
        _node.StartPrimary();
        Proc.Ok("mkfs.ext4", "-q", _node.Device);
        var mnt = _node.Mount();
        var files = new Dictionary<string, byte[]>();
        for (int i = 0; i < 8; i++)
        {
            var data = RandomNumberGenerator.GetBytes(100_000 + i * 70_001);
            var path = Path.Combine(mnt, $"file{i}.bin");
            using (var f = new FileStream(path, FileMode.CreateNew))
            {
                f.Write(data);
                f.Flush(flushToDisk: true); // fsync
            }
            files[path] = SHA256.HashData(data);
        }
        _node.Unmount(mnt);
        _node.CliOk("volume", "secondary", _node.Name);
        Assert.False(File.Exists(_node.Device), "the device must be gone while Secondary");
        _node.CliOk("volume", "primary", _node.Name);
        mnt = _node.Mount();
        foreach (var (path, hash) in files)
            Assert.Equal(hash, SHA256.HashData(File.ReadAllBytes(path)));
        _node.Unmount(mnt);
        _node.CliOk("volume", "secondary", _node.Name);
        _node.CliOk("volume", "down", _node.Name);

        // The data region starts at offset 0 of the backing disk: it is an ext4 filesystem on its own.
        var probe = Proc.Run("blkid", ["-p", "-o", "value", "-s", "TYPE", _node.Backing]);
        Assert.Equal("ext4", probe.Out.Trim());
    }

    [Fact]
    public void Demotion_is_refused_while_mounted_or_open_and_names_the_holder()
    {
        _node.StartPrimary();
        Proc.Ok("mkfs.ext4", "-q", _node.Device);
        var mnt = _node.Mount();
        var refused = _node.Cli("volume", "secondary", _node.Name);
        Assert.Equal(1, refused.Exit);
        Assert.Contains($"mounted on {mnt}", refused.Err);
        _node.Unmount(mnt);

        using (var holder = new FileStream(_node.Device, FileMode.Open, FileAccess.Read))
        {
            refused = _node.Cli("volume", "secondary", _node.Name);
            Assert.Equal(1, refused.Exit);
            Assert.Contains($"process {Environment.ProcessId}", refused.Err);
        }
        _node.CliOk("volume", "secondary", _node.Name);
        var status = _node.CliOk("volume", "status", _node.Name, "--json").Out;
        Assert.Contains("\"role\": \"Secondary\"", status);
    }

    [Fact]
    public void Promotion_of_new_data_needs_force_and_commands_are_idempotent()
    {
        _node.CliOk("volume", "create-md", _node.Name);
        _node.StartDaemon();
        _node.CliOk("volume", "up", _node.Name);
        Assert.Contains("already up", _node.CliOk("volume", "up", _node.Name).Out);
        var refused = _node.Cli("volume", "primary", _node.Name);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("Inconsistent", refused.Err);
        Assert.Contains("--force", refused.Err);
        _node.CliOk("volume", "primary", _node.Name, "--force");
        Assert.Contains("already Primary", _node.CliOk("volume", "primary", _node.Name).Out);
        var down = _node.Cli("volume", "down", _node.Name);
        Assert.Equal(1, down.Exit);
        Assert.Contains("Primary", down.Err);
        var again = _node.Cli("volume", "create-md", _node.Name, "--force");
        Assert.Equal(1, again.Exit);
        Assert.Contains("down", again.Err);
    }
}
