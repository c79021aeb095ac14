namespace Tandem.Device;

/// <summary>The stable name of a Primary volume's block device: <c>/dev/tandem/RES</c>, a link to the real node.</summary>
public static class DeviceLinks
{
    public const string Directory = "/dev/tandem";

    public static string PathOf(string volume, string directory = Directory) => System.IO.Path.Combine(directory, volume);

    public static void Create(string volume, string target, string directory = Directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var link = PathOf(volume, directory);
        if (File.Exists(link) || System.IO.Directory.Exists(link) || new FileInfo(link).LinkTarget is not null)
            File.Delete(link);
        File.CreateSymbolicLink(link, target);
    }

    public static void Remove(string volume, string directory = Directory)
    {
        var link = PathOf(volume, directory);
        if (new FileInfo(link).LinkTarget is not null || File.Exists(link))
            File.Delete(link);
    }
}
