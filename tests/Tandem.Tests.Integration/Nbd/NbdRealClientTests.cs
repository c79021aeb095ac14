using Tandem.Storage;
using static Tandem.Tests.Integration.Nbd.ExternalTool;

namespace Tandem.Tests.Integration.Nbd;

/// <summary>The Tandem NBD server driven by real NBD clients: nbdinfo, nbdcopy (libnbd) and qemu-io.</summary>
public sealed class NbdRealClientTests
{
    [Fact]
    public async Task Nbdinfo_shows_the_export_size_and_lists_the_export()
    {
        await using var server = NbdIntegrationServer.Start(size: 12 << 20);

        Result size = await RunAsync("nbdinfo", "--size", server.Uri);
        Assert.True(size.ExitCode == 0, size.ToString());
        Assert.Equal((12 << 20).ToString(), size.Stdout.Trim());

        Result info = await RunAsync("nbdinfo", server.Uri);
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("export-size: 12582912", info.Stdout);
        Assert.Contains("can_flush: true", info.Stdout);
        Assert.Contains("can_fua: true", info.Stdout);
        Assert.Contains("can_trim: true", info.Stdout);
        Assert.Contains("can_zero: true", info.Stdout);
        Assert.Contains("is_read_only: false", info.Stdout);

        Result list = await RunAsync("nbdinfo", "--list", $"nbd+unix:///?socket={server.SocketPath}");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("export=\"r0\"", list.Stdout);
        Assert.Contains("integration test volume", list.Stdout);
    }

    [Fact]
    public async Task Qemu_io_write_reads_back_through_qemu_io_and_nbdcopy()
    {
        await using var server = NbdIntegrationServer.Start();

        Result write = await RunAsync("qemu-io", "-f", "raw", server.Uri, "-c", "write -P 0xab 0 1M", "-c", "flush");
        Assert.True(write.ExitCode == 0, write.ToString());
        Assert.Contains("wrote 1048576/1048576 bytes at offset 0", write.Stdout);

        Result read = await RunAsync("qemu-io", "-f", "raw", server.Uri, "-c", "read -P 0xab 0 1M", "-c", "read -P 0 1M 1M");
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.DoesNotContain("Pattern verification failed", read.Stdout + read.Stderr);

        string copy = server.TempFile("copy.img");
        Result nbdcopy = await RunAsync("nbdcopy", server.Uri, copy);
        Assert.True(nbdcopy.ExitCode == 0, nbdcopy.ToString());
        byte[] copied = await File.ReadAllBytesAsync(copy);
        Assert.Equal(16 << 20, copied.Length);
        Assert.True(copied.AsSpan(0, 1 << 20).IndexOfAnyExcept((byte)0xab) < 0);
        Assert.True(copied.AsSpan(1 << 20).IndexOfAnyExcept((byte)0) < 0);
        byte[] backing = await File.ReadAllBytesAsync(server.BackingFile);
        Assert.Equal(backing, copied);
    }

    [Fact]
    public async Task Nbdcopy_in_and_out_is_byte_identical()
    {
        await using var server = NbdIntegrationServer.Start();
        byte[] image = new byte[16 << 20];
        new Random(7).NextBytes(image);
        image.AsSpan(4 << 20, 2 << 20).Clear(); // a zero run, which nbdcopy may send as WRITE_ZEROES
        string source = server.TempFile("source.img");
        await File.WriteAllBytesAsync(source, image);

        Result toServer = await RunAsync("nbdcopy", "--flush", source, server.Uri);
        Assert.True(toServer.ExitCode == 0, toServer.ToString());
        string back = server.TempFile("back.img");
        Result fromServer = await RunAsync("nbdcopy", "--connections=4", "--requests=32", server.Uri, back);
        Assert.True(fromServer.ExitCode == 0, fromServer.ToString());

        byte[] readBack = await File.ReadAllBytesAsync(back);
        byte[] backing = await File.ReadAllBytesAsync(server.BackingFile);
        Assert.True(image.AsSpan().SequenceEqual(readBack), "nbdcopy read back different bytes");
        Assert.True(image.AsSpan().SequenceEqual(backing), "the backing file differs from what was written");
    }

    [Fact]
    public async Task Writes_refused_by_the_target_fail_with_operation_not_permitted()
    {
        await using var server = NbdIntegrationServer.Start();
        server.Target.RefuseWritesErrno = Errno.EPERM;

        Result write = await RunAsync("qemu-io", "-f", "raw", server.Uri, "-c", "write -P 0xcd 0 64k");
        Assert.Contains("Operation not permitted", write.Stdout + write.Stderr);
        Assert.DoesNotContain("wrote", write.Stdout);

        string source = server.TempFile("source.img");
        await File.WriteAllBytesAsync(source, Enumerable.Repeat((byte)0x5a, 1 << 20).ToArray());
        Result copy = await RunAsync("nbdcopy", source, server.Uri);
        Assert.NotEqual(0, copy.ExitCode);

        // Reads still work and nothing was written.
        Result read = await RunAsync("qemu-io", "-f", "raw", server.Uri, "-c", "read -P 0 0 1M");
        Assert.True(read.ExitCode == 0, read.ToString());
        byte[] untouched = await File.ReadAllBytesAsync(server.BackingFile);
        Assert.True(untouched.AsSpan().IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public async Task Connections_name_the_client_process_by_pid_and_command()
    {
        await using var server = NbdIntegrationServer.Start();
        using var qemu = Start("qemu-io", ["-f", "raw", server.Uri], redirectInput: true);
        try
        {
            Tandem.Nbd.NbdConnectionInfo? info = null;
            for (int i = 0; i < 200 && info is null; i++)
            {
                info = server.Server.GetConnections("r0").FirstOrDefault();
                await Task.Delay(50);
            }

            Assert.NotNull(info);
            Assert.Equal(qemu.Id, info.Peer?.ProcessId);
            Assert.Equal("qemu-io", info.Peer?.ProcessName);
            Assert.Equal(0u, info.Peer?.UserId);
            Assert.Equal($"NBD client pid {qemu.Id} (qemu-io)", info.Describe());

            await qemu.StandardInput.WriteLineAsync("quit");
            await qemu.StandardInput.FlushAsync();
            await qemu.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            for (int i = 0; i < 200 && server.Server.ConnectionCount > 0; i++)
            {
                await Task.Delay(50);
            }

            Assert.Equal(0, server.Server.ConnectionCount);
        }
        finally
        {
            Kill(qemu);
        }
    }

    [Fact]
    public async Task Server_listens_on_tcp_as_well()
    {
        string directory = NbdIntegrationServer.TempDirectory();
        try
        {
            using var target = new FileBlockTarget(Path.Combine(directory, "disk"), 1 << 20);
            await using var server = new Tandem.Nbd.NbdServer(
                new Tandem.Nbd.NbdServerOptions { TcpEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0) },
                new Tandem.Nbd.NbdExportRegistry(new Tandem.Nbd.NbdExport("r0", target)));
            server.Start();

            Result size = await RunAsync("nbdinfo", "--size", $"nbd://127.0.0.1:{server.TcpEndPoint!.Port}/r0");
            Assert.True(size.ExitCode == 0, size.ToString());
            Assert.Equal("1048576", size.Stdout.Trim());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
