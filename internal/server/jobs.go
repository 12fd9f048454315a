// Endpoints of this group are registered by registerJobs (being built).
package server

func (s *Server) registerJobs() {}
