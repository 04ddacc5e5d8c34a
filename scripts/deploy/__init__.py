"""The deployment helpers behind scripts/cluster.py: the HAProxy config, the processes, the cluster."""
