"""Pure engines for KUBE (no Django): mentor matching."""
