using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Tandem.Nbd;

/// <summary>The process at the other end of a Unix domain socket (SO_PEERCRED at connect time).</summary>
public sealed record NbdPeerCredentials(int ProcessId, uint UserId, uint GroupId, string? ProcessName)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>Reads SO_PEERCRED (struct ucred: pid, uid, gid) and /proc/PID/comm; null where unavailable.</summary>
    public static NbdPeerCredentials? FromUnixSocket(Socket socket)
    {
        if (!OperatingSystem.IsLinux() || socket.AddressFamily != AddressFamily.Unix)
        {
            return null;
        }

        Span<byte> ucred = stackalloc byte[12];
        try
        {
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) < 12)
            {
                return null;
            }
        }
        catch (SocketException)
        {
            return null;
        }

        int pid = MemoryMarshal.Read<int>(ucred);
        uint uid = MemoryMarshal.Read<uint>(ucred[4..]);
        uint gid = MemoryMarshal.Read<uint>(ucred[8..]);
        return new NbdPeerCredentials(pid, uid, gid, ReadProcessName(pid));
    }

    /// <summary>The command name from /proc/PID/comm, or null if the process is gone.</summary>
    public static string? ReadProcessName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
