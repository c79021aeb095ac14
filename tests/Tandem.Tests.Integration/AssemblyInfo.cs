// Integration tests share machine-wide resources (loop devices, /dev/tandem, FUSE): one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
