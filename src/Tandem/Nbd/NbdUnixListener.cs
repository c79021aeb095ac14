using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Tandem.Nbd;

/// <summary>Binds a Unix domain listening socket: replaces a stale socket file, mode 0600 before listen().</summary>
internal static class NbdUnixListener
{
    public static Socket Listen(string path, ILogger log)
    {
        RemoveStale(path, log);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));

            // No client can connect before listen(), so tightening the mode here leaves no window.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            socket.Listen(512);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A socket file nobody listens on is left over from a previous run; a live one is an error.</summary>
    private static void RemoveStale(string path, ILogger log)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return;
        }

        if (info.Length != 0)
        {
            throw new IOException($"{path} exists and is not a socket; refusing to replace it");
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(path);
            NbdLog.StaleSocketRemoved(log, path);
            return;
        }

        throw new IOException($"another server is already listening on {path}");
    }
}
