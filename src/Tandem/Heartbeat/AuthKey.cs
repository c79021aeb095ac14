using System.Globalization;
using Tandem.Config;

namespace Tandem.Heartbeat;

/// <summary>
/// The cluster's shared secret, read from <c>cluster.auth_key_file</c>: the whole file is the key, trailing
/// whitespace (the newline an editor adds) removed. Like Heartbeat's authkeys the file is refused unless only
/// its owner can read it (mode 0600 or stricter) and the owner is root or the user the daemon runs as.
/// Heartbeat signs with it (HMAC-SHA256); replication may use it to authenticate its connection too.
/// </summary>
public sealed class AuthKey
{
    public const int MinBytes = 16;
    public const int MaxFileBytes = 4096;

    readonly byte[] _key;

    AuthKey(byte[] key) => _key = key;

    public ReadOnlySpan<byte> Bytes => _key;

    /// <summary>For tests and tools that hold the secret already.</summary>
    public static AuthKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinBytes)
            throw new AuthKeyException($"the key has {key.Length} bytes; use at least {MinBytes}");
        return new AuthKey(key.ToArray());
    }

    /// <summary>The key of <c>cluster.auth_key_file</c>; a refusal names the config line it comes from.</summary>
    public static AuthKey Load(TandemConfig config)
    {
        try { return Load(config.Cluster.AuthKeyFile); }
        catch (AuthKeyException e) { throw new AuthKeyException($"{config.Where("cluster.auth_key_file")}: {e.Message}"); }
    }

    /// <exception cref="AuthKeyException">The file is missing, unreadable, open to others, wrongly owned, empty or too short.</exception>
    public static AuthKey Load(string path)
    {
        var create = $"(umask 077; head -c 32 /dev/urandom | base64 > {path}) and copy it to the other node";
        if (Directory.Exists(path))
            throw new AuthKeyException($"auth key file {path} is not a regular file; point cluster.auth_key_file at a file holding the key");
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try { handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read); }
        catch (FileNotFoundException) { throw new AuthKeyException($"auth key file {path} does not exist; create it: {create}"); }
        catch (DirectoryNotFoundException) { throw new AuthKeyException($"auth key file {path} does not exist; create it: {create}"); }
        catch (UnauthorizedAccessException) { throw new AuthKeyException($"auth key file {path} cannot be read by this user; run the daemon as root or chown it to the daemon's user"); }
        catch (IOException e) { throw new AuthKeyException($"auth key file {path} cannot be opened: {e.Message}"); }
        using (handle)
        {
            var (uid, mode, regular) = FileOwnership.Of(handle);
            if (!regular)
                throw new AuthKeyException($"auth key file {path} is not a regular file; point cluster.auth_key_file at a file holding the key");
            if ((mode & 0x3F) != 0)
                throw new AuthKeyException($"auth key file {path} is mode {Convert.ToString(mode, 8).PadLeft(4, '0')}, readable by others; run: chmod 600 {path}");
            var me = FileOwnership.geteuid();
            if (uid != 0 && uid != me)
                throw new AuthKeyException($"auth key file {path} is owned by uid {uid.ToString(CultureInfo.InvariantCulture)}, not by root or the daemon's user (uid {me.ToString(CultureInfo.InvariantCulture)}); run: chown {me.ToString(CultureInfo.InvariantCulture)} {path}");
            var length = RandomAccess.GetLength(handle);
            if (length > MaxFileBytes)
                throw new AuthKeyException($"auth key file {path} has {length} bytes, more than the {MaxFileBytes} a key file may have; put only the shared secret in it");
            var bytes = new byte[length];
            var read = RandomAccess.Read(handle, bytes, 0);
            var key = Trim(bytes.AsSpan(0, read));
            if (key.Length == 0)
                throw new AuthKeyException($"auth key file {path} is empty; put the shared secret in it: {create}");
            if (key.Length < MinBytes)
                throw new AuthKeyException($"auth key file {path} holds only {key.Length} bytes; use at least {MinBytes}: {create}");
            return new AuthKey(key.ToArray());
        }
    }

    static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> b)
    {
        var end = b.Length;
        while (end > 0 && b[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            end--;
        return b[..end];
    }

    public override string ToString() => $"AuthKey({_key.Length} bytes)";
}
