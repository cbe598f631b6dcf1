// kube-apiserver-supervised: a throw-away Kubernetes API server for dry-run validation.
//
// One process runs an embedded etcd (go.etcd.io/etcd/server/v3/embed) and kube-apiserver
// (k8s.io/kubernetes/cmd/kube-apiserver/app), both on 127.0.0.1 with free ports, in a temporary folder
// holding a generated CA and serving certificate, a service-account signing key and a token file with a
// random token. When /readyz answers, it prints one JSON line on stdout:
//
//	{"url":"https://127.0.0.1:<port>","token":"...","ca":"<PEM>","dir":"<temporary folder>","pid":<pid>,"version":"v1.36.3"}
//
// It removes the temporary folder and exits when its stdin closes (its parent ended it, or died: the kernel
// closes the pipe), on SIGINT, SIGTERM or SIGHUP, and when its parent dies (PR_SET_PDEATHSIG, SIGTERM, set
// on the main thread before anything else runs), so nothing outlives the parent, not even after a SIGKILL.
//
// Its folder goes even when the process ends some other way: etcd and the apiserver end the process on a fatal
// error (zap's and klog's Fatal call os.Exit), and the folder going under them while the exit removes it is
// one, so the removal could be cut short and the folder left. A reaper (this binary again, `-reap <folder>`,
// started right after the folder is made) holds the read end of a pipe whose write end only this process holds:
// whatever ends this process, even a SIGKILL, closes the pipe, and the reaper then removes the folder, with
// nothing left to write in it, and exits. The reaper runs in its own process group and ignores SIGINT, SIGTERM
// and SIGHUP, has no parent-death signal, and writes nothing, so it holds no output of the parent.
//
// Flags: -parent-pid <pid> (exit at once if the parent is already gone), -tmp-root <dir> (where the
// temporary folder is made; default the system's), -version <v> (printed in the ready line).
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"golang.org/x/sys/unix"
	_ "k8s.io/component-base/logs/json/register"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func init() {
	// The parent-death signal belongs to the thread group leader's task: set it while init still runs on the main thread.
	// Not for the reaper, which must outlive its parent.
	if len(os.Args) > 1 && os.Args[1] == "-reap" {
		return
	}
	runtime.LockOSThread()
	_ = unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0, 0, 0)
	runtime.UnlockOSThread()
}

var (
	tmpDir   string
	cleanMu  sync.Mutex
	exitOnce sync.Once
)

// exit removes the temporary folder and ends the process; the first caller wins.
func exit(code int, message string) {
	exitOnce.Do(func() {
		cleanMu.Lock()
		if tmpDir != "" {
			// etcd and the apiserver still run and may write while the folder goes (a WAL segment, a
			// snapshot; stopping etcd first makes the apiserver exit before the folder is gone): remove it
			// until it stays gone for two checks in a row, for up to about 3 s.
			gone := 0
			for attempt := 0; attempt < 150 && gone < 2; attempt++ {
				_ = os.RemoveAll(tmpDir)
				time.Sleep(20 * time.Millisecond)
				if _, err := os.Stat(tmpDir); os.IsNotExist(err) {
					gone++
				} else {
					gone = 0
				}
			}
		}
		// Said after the folder is gone: the reader of stderr (the CLI) may be dead already.
		if message != "" {
			fmt.Fprintln(os.Stderr, "kube-apiserver-supervised: "+message)
		}
		os.Exit(code)
	})
	select {}
}

func main() {
	parentPid := flag.Int("parent-pid", 0, "exit at once unless this process is the parent")
	tmpRoot := flag.String("tmp-root", "", "folder for the temporary folder (default: the system's)")
	version := flag.String("version", "", "the Kubernetes version, echoed in the ready line")
	reap := flag.String("reap", "", "internal: wait for stdin to close, then remove this folder")
	flag.Parse()
	if *reap != "" {
		reapFolder(*reap)
		return
	}

	// A write to stdout or stderr after the CLI died (this process's message, a log line of the apiserver or
	// etcd) would end the process by SIGPIPE before it removes its folder: with SIGPIPE notified, such a
	// write fails with EPIPE instead.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		sig := <-signals
		exit(0, "stopped by "+sig.String())
	}()
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		exit(0, "")
	}()
	if *parentPid != 0 && os.Getppid() != *parentPid {
		exit(0, "parent already gone")
	}

	cleanMu.Lock()
	dir, err := os.MkdirTemp(*tmpRoot, "consul-gitops-apiserver-")
	if err == nil {
		tmpDir = dir
	}
	cleanMu.Unlock()
	if err != nil {
		exit(2, "cannot make a temporary folder: "+err.Error())
	}
	if err := startReaper(dir); err != nil {
		exit(2, "cannot start the reaper of the temporary folder: "+err.Error())
	}

	ready, err := start(dir, *version)
	if err != nil {
		exit(2, err.Error())
	}
	line, _ := json.Marshal(ready)
	if _, err := fmt.Fprintln(os.Stdout, string(line)); err != nil {
		exit(0, "")
	}
	select {}
}

// startReaper starts `<this binary> -reap dir` with its stdin on a pipe whose write end stays open in this process
// (close-on-exec, so no other child holds it) until the process ends.
func startReaper(dir string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	reader, writer, err := os.Pipe()
	if err != nil {
		return err
	}
	defer reader.Close()
	reaper := exec.Command(self, "-reap", dir)
	reaper.Stdin = reader
	// Its own process group: a signal to the parent's group (the CLI's, on Ctrl-C) does not reach it.
	reaper.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := reaper.Start(); err != nil {
		writer.Close()
		return err
	}
	go func() { _ = reaper.Wait() }()
	reaperPipe = writer
	return nil
}

// reaperPipe keeps the write end of the reaper's pipe reachable (a garbage-collected *os.File would close it).
var reaperPipe *os.File

// reapFolder waits until the supervisor has ended (stdin closed), then removes its folder.
func reapFolder(dir string) {
	signal.Ignore(syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGPIPE)
	_, _ = io.Copy(io.Discard, os.Stdin)
	// The supervisor's threads are all gone once its pipe closed; a few tries cover a slow file system.
	for attempt := 0; attempt < 50; attempt++ {
		if err := os.RemoveAll(dir); err == nil {
			if _, err := os.Stat(dir); os.IsNotExist(err) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type readyLine struct {
	URL     string `json:"url"`
	Token   string `json:"token"`
	CA      string `json:"ca"`
	Dir     string `json:"dir"`
	Pid     int    `json:"pid"`
	Version string `json:"version"`
}

// freePorts asks the kernel for n distinct free ports on 127.0.0.1: every listener stays open until all n are
// chosen, so one start never gets the same port twice (each is closed just before its server binds it).
func freePorts(n int) ([]int, error) {
	listeners := make([]net.Listener, 0, n)
	defer func() {
		for _, listener := range listeners {
			listener.Close()
		}
	}()
	ports := make([]int, 0, n)
	for len(ports) < n {
		listener, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		listeners = append(listeners, listener)
		ports = append(ports, listener.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func start(dir, version string) (*readyLine, error) {
	ports, err := freePorts(3)
	if err != nil {
		return nil, fmt.Errorf("no free port on 127.0.0.1: %w", err)
	}
	etcdClient, etcdPeer, apiPort := ports[0], ports[1], ports[2]

	caPEM, err := writeCredentials(dir)
	if err != nil {
		return nil, err
	}
	tokenBytes := make([]byte, 32)
	if _, err := rand.Read(tokenBytes); err != nil {
		return nil, err
	}
	token := hex.EncodeToString(tokenBytes)
	if err := os.WriteFile(filepath.Join(dir, "tokens.csv"), []byte(token+`,consul-gitops,consul-gitops,"system:masters"`+"\n"), 0o600); err != nil {
		return nil, err
	}

	cfg := embed.NewConfig()
	cfg.Name = "consul-gitops"
	cfg.Dir = filepath.Join(dir, "etcd")
	cfg.LogLevel = "error"
	cfg.UnsafeNoFsync = true
	clientURL := url.URL{Scheme: "http", Host: "127.0.0.1:" + strconv.Itoa(etcdClient)}
	peerURL := url.URL{Scheme: "http", Host: "127.0.0.1:" + strconv.Itoa(etcdPeer)}
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{clientURL}, []url.URL{clientURL}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{peerURL}, []url.URL{peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	etcd, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, fmt.Errorf("etcd did not start: %w", err)
	}
	select {
	case <-etcd.Server.ReadyNotify():
	case err := <-etcd.Err():
		return nil, fmt.Errorf("etcd failed: %w", err)
	case <-time.After(60 * time.Second):
		return nil, fmt.Errorf("etcd was not ready within 60 s")
	}

	command := app.NewAPIServerCommand()
	command.SetArgs([]string{
		"--etcd-servers=" + clientURL.String(),
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(apiPort),
		"--cert-dir=" + filepath.Join(dir, "certs"),
		"--tls-cert-file=" + filepath.Join(dir, "serving.crt"),
		"--tls-private-key-file=" + filepath.Join(dir, "serving.key"),
		"--token-auth-file=" + filepath.Join(dir, "tokens.csv"),
		"--anonymous-auth=false",
		// As a real cluster: privileged containers are a matter for Pod Security admission, not a server-wide refusal.
		"--allow-privileged=true",
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file=" + filepath.Join(dir, "service-account.key"),
		"--service-account-signing-key-file=" + filepath.Join(dir, "service-account.key"),
		"--service-cluster-ip-range=10.96.0.0/16",
		"--endpoint-reconciler-type=none",
		"--profiling=false",
	})
	failed := make(chan error, 1)
	go func() {
		err := command.Execute()
		if err == nil {
			err = fmt.Errorf("stopped")
		}
		failed <- err
	}()

	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	base := "https://127.0.0.1:" + strconv.Itoa(apiPort)
	deadline := time.Now().Add(120 * time.Second)
	for {
		select {
		case err := <-failed:
			return nil, fmt.Errorf("kube-apiserver failed: %w", err)
		case err := <-etcd.Err():
			return nil, fmt.Errorf("etcd failed: %w", err)
		default:
		}
		request, _ := http.NewRequest(http.MethodGet, base+"/readyz", nil)
		request.Header.Set("Authorization", "Bearer "+token)
		if response, err := client.Do(request); err == nil {
			_, _ = io.Copy(io.Discard, response.Body)
			response.Body.Close()
			if response.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("kube-apiserver was not ready within 120 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	go func() {
		select {
		case err := <-failed:
			exit(2, "kube-apiserver failed: "+err.Error())
		case err := <-etcd.Err():
			exit(2, "etcd failed: "+err.Error())
		}
	}()
	return &readyLine{URL: base, Token: token, CA: string(caPEM), Dir: dir, Pid: os.Getpid(), Version: version}, nil
}

// writeCredentials writes a self-signed serving certificate for 127.0.0.1 (its own CA) and a service-account
// signing key, and returns the certificate's PEM.
func writeCredentials(dir string) ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	template := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "consul-gitops kube-apiserver"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(7 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		"serving.crt":         certPEM,
		"serving.key":         pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
		"service-account.key": pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(saKey)}),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o600); err != nil {
			return nil, err
		}
	}
	return certPEM, nil
}
