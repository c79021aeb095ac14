namespace Tandem.Tests.Integration.Volume;

/// <summary>create-md and up against real filesystems and damaged metadata, through the real CLI.</summary>
public sealed class MetadataCliTests : IDisposable
{
    readonly TandemNode _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public void Create_md_refuses_a_disk_holding_ext4_and_says_how_to_proceed()
    {
        Proc.Ok("mkfs.ext4", "-q", "-F", "-L", "precious", _node.Backing);
        var before = File.ReadAllBytes(_node.Backing);
        var r = _node.Cli("volume", "create-md", _node.Name);
        Assert.Equal(1, r.Exit);
        Assert.Contains("ext4", r.Err);
        Assert.Contains("precious", r.Err);
        Assert.Contains($"tandem volume create-md {_node.Name} --force", r.Err);
        Assert.Equal(before, File.ReadAllBytes(_node.Backing));
        _node.CliOk("volume", "create-md", _node.Name, "--force");
    }

    [Fact]
    public void A_corrupt_superblock_is_refused_at_up_and_nothing_is_changed()
    {
        _node.CliOk("volume", "create-md", _node.Name);
        // Flip one byte in each superblock copy (the last 8 KiB of the disk with internal metadata).
        using (var f = new FileStream(_node.Backing, FileMode.Open, FileAccess.ReadWrite))
        {
            foreach (var at in new[] { f.Length - 8192 + 100, f.Length - 4096 + 100 })
            {
                f.Position = at;
                int b = f.ReadByte();
                f.Position = at;
                f.WriteByte((byte)(b ^ 0x40));
            }
        }
        var before = File.ReadAllBytes(_node.Backing);
        _node.StartDaemon();
        var r = _node.Cli("volume", "up", _node.Name);
        Assert.Equal(1, r.Exit);
        Assert.Contains("checksum", r.Err);
        Assert.Equal(before, File.ReadAllBytes(_node.Backing));
        var status = _node.CliOk("volume", "status", _node.Name, "--json").Out;
        Assert.Contains("\"up\": false", status);
    }

    [Fact]
    public void Config_errors_name_file_and_line_and_usage_errors_exit_2()
    {
        File.AppendAllText(_node.ConfigPath, "\n[cluster2]\nkeepalive = \"fast\"\n");
        var r = _node.Cli("config", "check");
        Assert.Equal(1, r.Exit);
        Assert.Contains($"{_node.ConfigPath}:", r.Err);
        Assert.Equal(2, _node.Cli("volume", "frobnicate", "x").Exit);
        Assert.Equal(2, _node.Cli("--bogus").Exit);
    }
}
