// Endpoints of this group are registered by registerDashboard (being built).
package server

func (s *Server) registerDashboard() {}
