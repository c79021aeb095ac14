using System.Security.Cryptography;

namespace Tandem.Tests.Integration.Volume;

/// <summary>The volume's NBD export, driven by real NBD clients from Debian's packages.</summary>
public sealed class NbdExportTests : IDisposable
{
    readonly TandemNode _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public void Data_written_by_nbdcopy_reads_back_through_qemu_io_and_lies_at_offset_0_of_the_backing_disk()
    {
        _node.StartPrimary();
        var src = Path.Combine(_node.Dir, "src.bin");
        var data = RandomNumberGenerator.GetBytes(8 << 20);
        File.WriteAllBytes(src, data);
        Proc.Ok("nbdcopy", src, _node.NbdUri);

        var back = Path.Combine(_node.Dir, "back.bin");
        Proc.Ok("qemu-img", "convert", "-f", "raw", "-O", "raw", _node.NbdUri, back);
        Assert.Equal(data, File.ReadAllBytes(back).AsSpan(0, data.Length).ToArray());

        Proc.Ok("qemu-io", "-f", "raw", "-c", "write -P 0x5a 16M 64k", _node.NbdUri);
        var read = Proc.Ok("qemu-io", "-f", "raw", "-c", "read -P 0x5a 16M 64k", _node.NbdUri);
        Assert.DoesNotContain("Pattern verification failed", read.Out);

        _node.CliOk("volume", "secondary", _node.Name);
        using var disk = File.OpenRead(_node.Backing);
        var head = new byte[data.Length];
        disk.ReadExactly(head);
        Assert.Equal(data, head);
    }

    [Fact]
    public void A_secondary_refuses_writes_and_reads_from_nbd_clients()
    {
        _node.StartPrimary();
        Proc.Ok("qemu-io", "-f", "raw", "-c", "write -P 0x11 0 64k", _node.NbdUri);
        _node.CliOk("volume", "secondary", _node.Name);

        var write = Proc.Run("qemu-io", ["-f", "raw", "-c", "write -P 0x22 0 64k", _node.NbdUri]);
        Assert.Contains("Operation not permitted", write.Out + write.Err);
        var read = Proc.Run("qemu-io", ["-f", "raw", "-c", "read -P 0x11 0 64k", _node.NbdUri]);
        Assert.Contains("Operation not permitted", read.Out + read.Err);

        var info = Proc.Ok("nbdinfo", "--size", _node.NbdUri);
        Assert.True(long.Parse(info.Out.Trim(), System.Globalization.CultureInfo.InvariantCulture) > 0);

        // Nothing reached the disk: promote again and the old pattern is still there.
        _node.CliOk("volume", "primary", _node.Name);
        var verify = Proc.Ok("qemu-io", "-f", "raw", "-c", "read -P 0x11 0 64k", _node.NbdUri);
        Assert.DoesNotContain("Pattern verification failed", verify.Out);
    }

    [Fact]
    public void Demotion_is_refused_while_an_outside_nbd_client_is_connected()
    {
        _node.StartPrimary();
        // nbdcopy copying from its stdin keeps the connection open until stdin closes.
        var psi = new System.Diagnostics.ProcessStartInfo("nbdcopy", ["-", _node.NbdUri]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var holder = System.Diagnostics.Process.Start(psi)!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!_node.DaemonLog().Contains($"NBD client pid {holder.Id} "))
            {
                Assert.True(DateTime.UtcNow < deadline, "nbdcopy never connected: " + _node.DaemonLog());
                Thread.Sleep(100);
            }
            var refused = _node.Cli("volume", "secondary", _node.Name);
            Assert.Equal(1, refused.Exit);
            Assert.Contains($"NBD client pid {holder.Id} (nbdcopy)", refused.Err);
        }
        finally
        {
            holder.StandardInput.Close();
            if (!holder.WaitForExit(10_000))
                holder.Kill();
        }
        _node.CliOk("volume", "secondary", _node.Name);
    }
}
