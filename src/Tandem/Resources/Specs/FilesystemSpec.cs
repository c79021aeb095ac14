namespace Tandem.Resources.Specs;

/// <summary>
/// <c>Filesystem::device::dir[::fstype[::options]]</c>. The device is an absolute path or <c>UUID=</c>/<c>LABEL=</c>
/// (a network filesystem's source such as <c>host:/export</c> is taken as written). <see cref="Directory"/> has no
/// trailing slash.
/// </summary>
public sealed record FilesystemSpec(string Id, string Device, string Directory, string? FsType, string? Options) : ResourceSpec(Id)
{
    public override string Kind => "Filesystem";
}
