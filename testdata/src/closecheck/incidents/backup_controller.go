package incidents

// Incident 1: a backup controller gets an engine client proxy (it wraps a
// gRPC connection) from a helper returning (proxy, target, err). Later
// error returns neither close it nor hand it on; only the success path
// hands it to a monitor that keeps it.

import (
	"context"
	"errors"
	"fmt"

	"example.com/engineapi"
)

type Backup struct {
	Name, Engine, Snapshot, TargetURL string
}

type BackupTarget struct{ URL string }

type Engine struct{ Running bool }

type BackupMonitor struct {
	proxy  *engineapi.Proxy
	target *BackupTarget
}

// NewBackupMonitor keeps the proxy; the monitor closes it when it stops.
func NewBackupMonitor(proxy *engineapi.Proxy, target *BackupTarget) *BackupMonitor {
	return &BackupMonitor{proxy: proxy, target: target}
}

func (m *BackupMonitor) Close() error { return m.proxy.Close() }

type BackupController struct {
	engines  map[string]*Engine
	monitors map[string]*BackupMonitor
	started  bool
}

func (bc *BackupController) getBackupTarget(b *Backup) (*engineapi.Proxy, *BackupTarget, error) {
	proxy, err := engineapi.NewEngineClientProxy(b.Engine)
	if err != nil {
		return nil, nil, err
	}
	return proxy, &BackupTarget{URL: b.TargetURL}, nil
}

func (bc *BackupController) startMonitorSlot(b *Backup) error {
	if bc.started {
		return errors.New("monitor already running")
	}
	return nil
}

func (bc *BackupController) reconcile(ctx context.Context, b *Backup) error {
	engineClientProxy, backupTarget, err := bc.getBackupTarget(b) // want `closecheck: engineClientProxy \(from getBackupTarget\) is not closed on the path returning at backup_controller.go:64; close it on that path too`
	if err != nil {
		return err
	}
	engine, ok := bc.engines[b.Engine]
	if !ok {
		return fmt.Errorf("engine %v not found", b.Engine)
	}
	if !engine.Running {
		return fmt.Errorf("engine %v is not running", b.Engine)
	}
	ready, err := engineClientProxy.SnapshotGet(ctx, b.Snapshot)
	if err != nil {
		return err
	}
	if !ready {
		return fmt.Errorf("snapshot %v is not ready", b.Snapshot)
	}
	if err := bc.startMonitorSlot(b); err != nil {
		return err
	}
	bc.monitors[b.Name] = NewBackupMonitor(engineClientProxy, backupTarget)
	return nil
}

// The fixed controller closes the proxy on every error path.
func (bc *BackupController) reconcileFixed(ctx context.Context, b *Backup) (err error) {
	engineClientProxy, backupTarget, err := bc.getBackupTarget(b)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			engineClientProxy.Close()
		}
	}()
	engine, ok := bc.engines[b.Engine]
	if !ok || !engine.Running {
		return fmt.Errorf("engine %v not usable", b.Engine)
	}
	if ready, err := engineClientProxy.SnapshotGet(ctx, b.Snapshot); err != nil || !ready {
		return fmt.Errorf("snapshot %v: %v", b.Snapshot, err)
	}
	bc.monitors[b.Name] = NewBackupMonitor(engineClientProxy, backupTarget)
	return nil
}
