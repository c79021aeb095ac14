using System.Security.Cryptography;

namespace Tandem.Lab;

/// <summary>Writes the lab's working directory: per-node backing files and MariaDB configs, the cluster config and its auth key.</summary>
public static class LabFiles
{
    public static void Write(LabLayout l, LabClusterSettings settings)
    {
        Directory.CreateDirectory(l.NodeView);
        Directory.CreateDirectory(l.ClientDir);
        foreach (var n in LabNodeId.Both)
        {
            Directory.CreateDirectory(Path.Combine(l.NodeDir(n), "run"));
            Directory.CreateDirectory(Path.Combine(l.NodeDir(n), "mnt"));
            using (var f = new FileStream(l.Backing(n), FileMode.CreateNew))
                f.SetLength(LabLayout.BackingBytes);
            File.WriteAllText(l.HostCnf(n), MariaDbConfigText.Render(l, n));
        }
        // The key: random, mode 0600 before any byte is written (the daemon refuses any other mode).
        using (var key = new FileStream(l.AuthKey, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
            key.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) + "\n"));
        WriteConfigs(l, settings);
    }

    /// <summary>(Re)writes tandem.toml and bootstrap.toml; a scenario may change settings between runs of the daemons.</summary>
    public static void WriteConfigs(LabLayout l, LabClusterSettings settings)
    {
        File.WriteAllText(l.ConfigPath, LabConfigText.Render(l, settings, withGroup: true));
        File.WriteAllText(l.BootstrapConfigPath, LabConfigText.Render(l, settings, withGroup: false));
    }
}
