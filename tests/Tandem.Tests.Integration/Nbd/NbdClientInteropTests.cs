using System.Diagnostics;
using System.Net.Sockets;
using Tandem.Nbd;
using Tandem.Storage;

namespace Tandem.Tests.Integration.Nbd;

/// <summary>The Tandem NBD client against a real nbdkit and against the Tandem server on a real socket.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NbdClientInteropTests
{
    [Fact]
    public async Task Client_works_against_nbdkit_file()
    {
        string directory = NbdIntegrationServer.TempDirectory();
        string disk = Path.Combine(directory, "disk.img");
        string socket = Path.Combine(directory, "nbdkit.sock");
        byte[] initial = new byte[8 << 20];
        new Random(3).NextBytes(initial);
        await File.WriteAllBytesAsync(disk, initial);
        var nbdkit = NbdkitProcess.StartUnix(socket, "file", disk);
        try
        {
            await using NbdClient client = await ConnectWhenReadyAsync(socket, nbdkit.Process);
            Assert.Equal(8 << 20, client.SizeBytes);

            byte[] head = new byte[1 << 20];
            await client.ReadAsync(0, head, CancellationToken.None);
            Assert.Equal(initial[..(1 << 20)], head);

            byte[] pattern = Enumerable.Repeat((byte)0x6b, 3 << 20).ToArray();
            await client.WriteAsync(1 << 20, pattern, fua: true, CancellationToken.None);
            await client.WriteZeroesAsync(5 << 20, 1 << 20, fua: false, CancellationToken.None);
            await client.TrimAsync(7 << 20, 4096, CancellationToken.None);
            await client.FlushAsync(CancellationToken.None);

            var many = Enumerable.Range(0, 64).Select(async i =>
            {
                byte[] block = new byte[64 * 1024];
                await client.ReadAsync((long)i * block.Length, block, CancellationToken.None);
                return block;
            });
            byte[] reassembled = (await Task.WhenAll(many)).SelectMany(b => b).ToArray();

            byte[] onDisk = await File.ReadAllBytesAsync(disk);
            Assert.True(onDisk.AsSpan((1 << 20), 3 << 20).IndexOfAnyExcept((byte)0x6b) < 0);
            Assert.True(onDisk.AsSpan(5 << 20, 1 << 20).IndexOfAnyExcept((byte)0) < 0);
            Assert.Equal(onDisk[..(4 << 20)], reassembled);

            var beyond = await Assert.ThrowsAsync<BlockIoException>(() =>
                client.ReadAsync((8 << 20) - 512, new byte[1024], CancellationToken.None).AsTask());
            Assert.Equal(Errno.EINVAL, beyond.Errno);
        }
        finally
        {
            nbdkit.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Client_works_against_the_tandem_server_on_a_unix_socket()
    {
        await using var server = NbdIntegrationServer.Start(size: 16 << 20);
        await using NbdClient client = await NbdClient.ConnectAsync(NbdUri.Parse(server.Uri));
        Assert.Equal(16 << 20, client.SizeBytes);

        const int block = 128 * 1024;
        byte[] image = new byte[16 << 20];
        new Random(11).NextBytes(image);
        await Task.WhenAll(Enumerable.Range(0, image.Length / block).Select(i =>
            client.WriteAsync((long)i * block, image.AsMemory(i * block, block), fua: false, CancellationToken.None).AsTask()));
        await client.FlushAsync(CancellationToken.None);

        byte[] back = new byte[image.Length];
        await Task.WhenAll(Enumerable.Range(0, image.Length / block).Select(i =>
            client.ReadAsync((long)i * block, back.AsMemory(i * block, block), CancellationToken.None).AsTask()));
        Assert.True(image.AsSpan().SequenceEqual(back));
        byte[] backing = await File.ReadAllBytesAsync(server.BackingFile);
        Assert.True(image.AsSpan().SequenceEqual(backing));

        var outOfRange = await Assert.ThrowsAsync<BlockIoException>(() =>
            client.ReadAsync(16 << 20, new byte[512], CancellationToken.None).AsTask());
        Assert.Equal(Errno.EINVAL, outOfRange.Errno);
        server.Target.RefuseWritesErrno = Errno.EPERM;
        var refused = await Assert.ThrowsAsync<BlockIoException>(() =>
            client.WriteAsync(0, new byte[512], fua: false, CancellationToken.None).AsTask());
        Assert.Equal(Errno.EPERM, refused.Errno);

        var info = Assert.Single(server.Server.GetConnections("r0"));
        Assert.Equal(Environment.ProcessId, info.Peer?.ProcessId);
    }

    [Fact]
    public async Task Socket_is_private_and_a_stale_socket_file_is_replaced_but_a_live_one_is_not()
    {
        await using var first = NbdIntegrationServer.Start();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.SocketPath));

        var second = new NbdServer(new NbdServerOptions { UnixSocketPath = first.SocketPath }, new NbdExportRegistry());
        var live = Assert.Throws<IOException>(second.Start);
        Assert.Contains("already listening", live.Message);

        // A socket file left behind by a process that died without cleaning up (.NET would unlink its own on dispose).
        string stale = Path.Combine(first.Directory, "stale.nbd");
        ExternalTool.Result bound = await ExternalTool.RunAsync("python3", "-c",
            $"import socket; socket.socket(socket.AF_UNIX).bind('{stale}')");
        Assert.True(bound.ExitCode == 0, bound.ToString());
        Assert.True(File.Exists(stale));
        await using var third = new NbdServer(new NbdServerOptions { UnixSocketPath = stale },
            new NbdExportRegistry(new NbdExport("r0", first.Target)));
        third.Start();
        ExternalTool.Result size = await ExternalTool.RunAsync("nbdinfo", "--size", NbdUri.Unix(stale, "r0").ToString());
        Assert.True(size.ExitCode == 0, size.ToString());
        await third.StopAsync();
        Assert.False(File.Exists(stale));
    }

    private static async Task<NbdClient> ConnectWhenReadyAsync(string socket, Process server)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await NbdClient.ConnectUnixAsync(socket, "");
            }
            catch (SocketException) when (attempt < 200 && !server.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException e) when (server.HasExited)
            {
                throw new InvalidOperationException(
                    $"nbdkit exited with {server.ExitCode}: {await server.StandardError.ReadToEndAsync()}", e);
            }
        }
    }
}
